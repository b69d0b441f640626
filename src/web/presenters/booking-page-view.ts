import type { Actor } from '../../auth/actor';
import { cancellationRefusal } from '../../bookings/booking-rules';
import type { BookingDto } from '../../bookings/dto/booking.dto';
import type { FieldError } from '../../common/domain-error';
import type { BookingPageData } from '../learner/session-pages.service';
import { cancellationRefusalMessage, isCheckInOpen } from './session-action';
import { WhereLine, whereLines } from './session-page-view';
import { presentSession, SessionSummary } from './session-summary';

/** What the booking page was reached after: booking, or cancelling a place or a waitlist place. */
export type BookingOutcome = 'booked' | 'cancelled-place' | 'cancelled-waitlist';

export function bookingOutcome(booked: unknown, cancelled: unknown): BookingOutcome | undefined {
  if (booked === 'yes') return 'booked';
  if (cancelled === 'place') return 'cancelled-place';
  if (cancelled === 'waitlist') return 'cancelled-waitlist';
  return undefined;
}

export interface BookingPageView {
  pageTitle: string;
  backLinkHref: string;
  own: boolean;
  heading: string;
  status: { text: string; classes: string };
  summary: SessionSummary;
  where: WhereLine[];
  /** A success banner for what the person has just done; after cancelling, where to book again. */
  banner?: { title: string; text?: string; bookAgainHref?: string };
  calendarHref?: string;
  /** The check-in page, for the person's own confirmed place while its check-in window is open. */
  checkInHref?: string;
  cancel?: { href: string; text: string };
  /** Why the booking can no longer be cancelled, while it is still active. */
  cannotCancel?: string;
}

function statusTag(booking: BookingDto): BookingPageView['status'] {
  switch (booking.status) {
    case 'confirmed':
      return { text: 'Booked', classes: 'nhsuk-tag--green' };
    case 'waitlisted':
      return { text: 'On the waiting list', classes: 'nhsuk-tag--orange' };
    case 'cancelled':
      return { text: 'Cancelled', classes: 'nhsuk-tag--grey' };
  }
}

function heading(booking: BookingDto, own: boolean): string {
  switch (booking.status) {
    case 'confirmed':
      return own ? 'You are booked' : 'This place is booked';
    case 'waitlisted':
      return own ? `You are number ${booking.waitlistPosition} on the waiting list` : `Number ${booking.waitlistPosition} on the waiting list`;
    case 'cancelled':
      return own ? 'Your booking is cancelled' : 'This booking is cancelled';
  }
}

function banner(outcome: BookingOutcome | undefined, booking: BookingDto, summary: SessionSummary, own: boolean): BookingPageView['banner'] {
  // Pages book only the signed-in person, so "you" is right whenever the booking is theirs.
  if (outcome === 'booked' && !own) return undefined;
  if (outcome === 'booked' && booking.status === 'confirmed') {
    return {
      title: `You are booked on ${summary.courseTitle} on ${summary.date}`,
      text: 'We have e-mailed a confirmation with a calendar invitation.',
    };
  }
  if (outcome === 'booked' && booking.status === 'waitlisted') {
    return {
      title: `You are on the waiting list, number ${booking.waitlistPosition}`,
      text: 'We will e-mail you if a place becomes free and it is yours.',
    };
  }
  if (booking.status !== 'cancelled') return undefined;
  const bookAgainHref = own && summary.availability !== 'Cancelled' ? summary.href : undefined;
  if (outcome === 'cancelled-place') return { title: own ? 'You have cancelled your place' : 'The place is cancelled', bookAgainHref };
  if (outcome === 'cancelled-waitlist') return { title: own ? 'You have left the waiting list' : 'Removed from the waiting list', bookAgainHref };
  return undefined;
}

export function bookingPageView(actor: Actor, data: BookingPageData, outcome?: BookingOutcome): BookingPageView {
  const { booking, session, now } = data;
  const own = booking.personId === actor.personId;
  const summary = presentSession(session, now);
  const refusal = cancellationRefusal(booking, { startsAt: new Date(session.startsAt) }, now);
  const active = booking.status !== 'cancelled';
  return {
    pageTitle: `${heading(booking, own)}: ${summary.courseTitle}`,
    backLinkHref: own ? '/bookings' : summary.href,
    own,
    heading: heading(booking, own),
    status: statusTag(booking),
    summary,
    where: whereLines(actor, session, booking),
    banner: banner(outcome, booking, summary, own),
    calendarHref: booking.status === 'confirmed' && session.status === 'scheduled' ? `/bookings/${booking.id}/calendar.ics` : undefined,
    checkInHref: own && booking.status === 'confirmed' && isCheckInOpen(session, now) ? '/check-in' : undefined,
    cancel:
      refusal === null
        ? {
            href: `/bookings/${booking.id}/cancel`,
            text: booking.status === 'confirmed' ? (own ? 'Cancel your place' : 'Cancel this place') : own ? 'Leave the waiting list' : 'Remove from the waiting list',
          }
        : undefined,
    cannotCancel: active && refusal ? cancellationRefusalMessage(refusal) : undefined,
  };
}

export interface CancelBookingView {
  pageTitle: string;
  backLinkHref: string;
  heading: string;
  summary: SessionSummary;
  /** What happens to the place. */
  consequence: string;
  confirmText: string;
  keepText: string;
  bookingHref: string;
  waitlisted: boolean;
  /** Why it cannot be cancelled: shown instead of the form. */
  refusal?: string;
  errors?: FieldError[];
}

/** The "Are you sure?" page; `refusedCode` when the bookings service has just refused the cancellation. */
export function cancelBookingView(actor: Actor, data: BookingPageData, refusedCode?: string): CancelBookingView {
  const { booking, session, now } = data;
  const own = booking.personId === actor.personId;
  const summary = presentSession(session, now);
  const waitlisted = booking.status === 'waitlisted';
  const refusal = cancellationRefusal(booking, { startsAt: new Date(session.startsAt) }, now);
  const refusalText = refusedCode ? cancellationRefusalMessage(refusedCode) : refusal ? cancellationRefusalMessage(refusal) : undefined;
  const consequence = waitlisted
    ? `${own ? 'You' : 'They'} can join the waiting list again later, but will go to the end of it.`
    : session.waitlistCount > 0
      ? `${own ? 'Your' : 'This'} place will go to the next person on the waiting list.`
      : `${own ? 'Your' : 'This'} place will be free for someone else to book.`;
  const heading = waitlisted
    ? `Are you sure you want to ${own ? 'leave' : 'remove this person from'} the waiting list for ${summary.courseTitle}?`
    : `Are you sure you want to cancel ${own ? 'your' : 'this'} place on ${summary.courseTitle}?`;
  return {
    pageTitle: waitlisted ? 'Leave the waiting list' : 'Cancel a place',
    backLinkHref: `/bookings/${booking.id}`,
    heading,
    summary,
    consequence,
    confirmText: waitlisted ? (own ? 'Yes, leave the waiting list' : 'Yes, remove from the waiting list') : own ? 'Yes, cancel my place' : 'Yes, cancel this place',
    keepText: waitlisted ? (own ? 'No, stay on the waiting list' : 'No, keep them on the waiting list') : own ? 'No, keep my place' : 'No, keep this place',
    bookingHref: `/bookings/${booking.id}`,
    waitlisted,
    refusal: refusalText,
    errors: refusedCode && refusalText ? [{ field: 'cancel', message: refusalText }] : undefined,
  };
}
