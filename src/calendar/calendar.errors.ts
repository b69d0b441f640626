import { ConflictError } from '../common/domain-error';

/** A booking with no event in anyone's calendar: on the waitlist, or cancelled before a place came up. */
export class NoCalendarEventError extends ConflictError {
  constructor(readonly waitlisted: boolean) {
    super(
      'no-calendar-event',
      waitlisted
        ? 'You are on the waiting list, so there is nothing to add to your calendar yet. If a place comes up, we will e-mail you an invitation.'
        : 'This booking was cancelled before it had a place, so it was never in your calendar.',
    );
  }
}
