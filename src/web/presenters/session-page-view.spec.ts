import { sessionAnswer } from '../../../test/factories/session-answer';
import type { Actor } from '../../auth/actor';
import { paragraphs, whereLines } from './session-page-view';

const learner: Actor = { personId: 'p1', organisationId: 'o1', roles: ['learner'], tokenId: 'x' };
const trainer: Actor = { personId: 't1', organisationId: 'o2', roles: ['trainer'], tokenId: 'y' };
const online = sessionAnswer({ location: null, onlineUrl: 'https://meet.example/abc' });

describe('whereLines', () => {
  it('gives the joining link only to a confirmed place and to the session trainers', () => {
    expect(whereLines(learner, online, { status: 'confirmed' })).toEqual([{ text: 'Online:', link: 'https://meet.example/abc' }]);
    expect(whereLines(trainer, online, null)).toEqual([{ text: 'Online:', link: 'https://meet.example/abc' }]);
    for (const booking of [null, { status: 'waitlisted' as const }]) {
      expect(whereLines(learner, online, booking)).toEqual([{ text: 'Online – the joining link is sent when your place is confirmed' }]);
    }
  });

  it('promises no link for a cancelled booking or session', () => {
    expect(whereLines(learner, online, { status: 'cancelled' })).toEqual([{ text: 'Online' }]);
    expect(whereLines(learner, { ...online, status: 'cancelled' }, null)).toEqual([{ text: 'Online' }]);
  });

  it('shows the room, and uses a location that already says "online" as the label', () => {
    expect(whereLines(learner, sessionAnswer(), null)).toEqual([{ text: 'Ayr Hospital library' }]);
    expect(whereLines(learner, { ...online, location: 'Online (Microsoft Teams)' }, null)).toEqual([
      { text: 'Online (Microsoft Teams) – the joining link is sent when your place is confirmed' },
    ]);
    expect(whereLines(learner, { ...online, location: 'Ayr Hospital library' }, { status: 'confirmed' })).toEqual([
      { text: 'Ayr Hospital library' },
      { text: 'Online:', link: 'https://meet.example/abc' },
    ]);
  });
});

describe('paragraphs', () => {
  it('splits a description at blank lines', () => {
    expect(paragraphs('First line\nstill first.\r\n\r\nSecond.\n\n\n')).toEqual(['First line\nstill first.', 'Second.']);
    expect(paragraphs(null)).toEqual([]);
  });
});
