import { loggablePath } from './configure-app';

describe('loggablePath', () => {
  it('drops the query string, which may carry a sign-in token', () => {
    expect(loggablePath('/auth/callback?token=secret')).toBe('/auth/callback');
  });

  it('masks the secret of a calendar feed address', () => {
    expect(loggablePath('/api/calendar-feeds/s3cr3t.ics')).toBe('/api/calendar-feeds/***');
    expect(loggablePath('/api/sessions/abc/calendar.ics')).toBe('/api/sessions/abc/calendar.ics');
  });
});
