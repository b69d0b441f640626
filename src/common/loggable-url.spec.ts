import { loggablePath } from './loggable-url';

describe('loggablePath', () => {
  it('drops the query string, which may carry a sign-in token', () => {
    expect(loggablePath('/auth/callback?token=secret')).toBe('/auth/callback');
    expect(loggablePath('/api/sessions?from=2026-01-01&token=secret')).toBe('/api/sessions');
  });

  it('masks the secret of a calendar feed address, however it is spelt', () => {
    expect(loggablePath('/api/calendar-feeds/s3cr3t.ics')).toBe('/api/calendar-feeds/***');
    expect(loggablePath('/API/Calendar-Feeds/s3cr3t.ics?x=1')).toBe('/API/Calendar-Feeds/***');
    expect(loggablePath('/api/calendar-feeds/s3cr3t.ics/more')).toBe('/api/calendar-feeds/***/more');
  });

  it('leaves other addresses as they are', () => {
    expect(loggablePath('/api/sessions/abc/calendar.ics')).toBe('/api/sessions/abc/calendar.ics');
    expect(loggablePath('/api/people/me/calendar-feed')).toBe('/api/people/me/calendar-feed');
  });
});
