import type { Canceller } from './canceller';
import { MailBlock, MailDocument, RenderedMail, renderMail } from './mail-document';
import { formatInstant, formatSessionTime, formatShortStart, SERVICE_TIMEZONE } from './session-time';

/** What a booking e-mail says about the session; the mailers fill it from the entities. */
export interface SessionFacts {
  personName: string | null;
  /** The booking's page (`${PUBLIC_URL}/bookings/<id>`), where the person can cancel it. */
  bookingUrl: string;
  courseTitle: string;
  courseDescription: string | null;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  location: string | null;
  onlineUrl: string | null;
  trainerNames: string[];
}

function greeting(facts: { personName: string | null }): string {
  return facts.personName ? `Dear ${facts.personName},` : 'Hello,';
}

function when(facts: SessionFacts): string {
  return formatSessionTime(facts.startsAt, facts.endsAt, facts.timezone);
}

function short(facts: SessionFacts): string {
  return `${facts.courseTitle}, ${formatShortStart(facts.startsAt, facts.timezone)}`;
}

function sessionDetails(facts: SessionFacts): MailBlock {
  const rows: Array<{ label: string; value: string; href?: string }> = [
    { label: 'Course', value: facts.courseTitle },
    { label: 'When', value: when(facts) },
  ];
  if (facts.location) rows.push({ label: 'Where', value: facts.location });
  if (facts.onlineUrl) rows.push({ label: 'Join online', value: facts.onlineUrl, href: facts.onlineUrl });
  if (facts.trainerNames.length > 0) rows.push({ label: facts.trainerNames.length > 1 ? 'Trainers' : 'Trainer', value: facts.trainerNames.join(', ') });
  return { kind: 'details', rows };
}

const paragraph = (text: string): MailBlock => ({ kind: 'paragraph', text });
const CALENDAR_NOTE = 'The invitation attached to this e-mail adds the session to your calendar.';

const viewBooking = (facts: SessionFacts): MailBlock => ({ kind: 'action', label: 'View your booking', href: facts.bookingUrl });

/** How to give a seat back, in the words of the booking page's button. */
function freeYourPlace(facts: SessionFacts, whenText: string): MailBlock {
  return paragraph(`${whenText}, please cancel so that someone on the waiting list can have your place: open ${facts.bookingUrl} and choose Cancel your place.`);
}

function leaveTheWaitingList(facts: SessionFacts): MailBlock {
  return paragraph(`If you no longer need a place, open ${facts.bookingUrl} and choose Leave the waiting list, so that the people after you move up.`);
}

/** "you", "the trainer Morag Trainer", "your manager Ann Boss", "an administrator, Iain Admin". */
export function cancellerPhrase(canceller: Canceller): string {
  switch (canceller.role) {
    case 'self':
      return 'you';
    case 'trainer':
      return canceller.name ? `the trainer ${canceller.name}` : 'the trainer';
    case 'manager':
      return canceller.name ? `your manager ${canceller.name}` : 'your manager';
    case 'admin':
      return canceller.name ? `an administrator, ${canceller.name}` : 'an administrator';
  }
}

export function bookingConfirmedMail(facts: SessionFacts): RenderedMail {
  return renderMail({
    subject: `Booking confirmed: ${short(facts)}`,
    heading: 'Your place is booked',
    blocks: [greeting(facts), `You have a place on ${facts.courseTitle}.`, CALENDAR_NOTE].map(paragraph).concat([
      sessionDetails(facts),
      ...(facts.courseDescription ? [paragraph(facts.courseDescription)] : []),
      viewBooking(facts),
      freeYourPlace(facts, 'If you can no longer come'),
    ]),
  });
}

export function waitlistedMail(facts: SessionFacts, position: number): RenderedMail {
  return renderMail({
    subject: `On the waiting list (number ${position}): ${short(facts)}`,
    heading: 'You are on the waiting list',
    blocks: [
      paragraph(greeting(facts)),
      paragraph(`${facts.courseTitle} is full at the moment. You are number ${position} on the waiting list.`),
      paragraph('If a place becomes free, it goes to the first person on the list. We will e-mail you with a calendar invitation if the place is yours. Until then, nothing is added to your calendar.'),
      sessionDetails(facts),
      viewBooking(facts),
      leaveTheWaitingList(facts),
    ],
  });
}

export function promotedMail(facts: SessionFacts): RenderedMail {
  return renderMail({
    subject: `A place is now yours: ${short(facts)}`,
    heading: 'A place has become free and it is yours',
    blocks: [greeting(facts), `You were on the waiting list for ${facts.courseTitle} and now have a confirmed place.`, CALENDAR_NOTE]
      .map(paragraph)
      .concat([sessionDetails(facts), viewBooking(facts), freeYourPlace(facts, 'If you can no longer come')]),
  });
}

/**
 * A cancelled booking (the session itself goes ahead): says who cancelled it. `waitlisted` when
 * it was a place on the waiting list; `invited` when a calendar entry is being withdrawn.
 */
export function bookingCancelledMail(facts: SessionFacts, cancellation: { cancelledBy: Canceller; waitlisted: boolean; invited: boolean }): RenderedMail {
  const what = cancellation.waitlisted ? 'place on the waiting list' : 'booking';
  return renderMail({
    subject: `Booking cancelled: ${short(facts)}`,
    heading: cancellation.waitlisted ? 'Your place on the waiting list is cancelled' : 'Your booking is cancelled',
    blocks: [
      paragraph(greeting(facts)),
      paragraph(`Your ${what} for ${facts.courseTitle} was cancelled by ${cancellerPhrase(cancellation.cancelledBy)}. The session itself goes ahead.`),
      ...(cancellation.invited ? [paragraph('The cancellation attached to this e-mail removes the session from your calendar.')] : []),
      sessionDetails(facts),
      paragraph('You are welcome to book this or another session again at any time.'),
    ],
  });
}

/** New time or place; confirmed people get an updated invitation, waitlisted people a notice. */
export function sessionChangedMail(facts: SessionFacts, invited: boolean): RenderedMail {
  return renderMail({
    subject: `Session changed: ${short(facts)}`,
    heading: 'Your training session has changed',
    blocks: [
      paragraph(greeting(facts)),
      paragraph(`The time or place of ${facts.courseTitle} has changed. These are the new details:`),
      sessionDetails(facts),
      paragraph(
        invited
          ? 'The updated invitation attached to this e-mail moves the session in your calendar.'
          : 'You are still on the waiting list; we will e-mail you if a place becomes yours.',
      ),
      viewBooking(facts),
      invited ? freeYourPlace(facts, 'If the new time or place does not suit you') : leaveTheWaitingList(facts),
    ],
  });
}

/** The whole session is cancelled, by one of its trainers or an administrator, and every booking of it. */
export function sessionCancelledMail(facts: SessionFacts, cancellation: { cancelledBy: Canceller; invited: boolean; reason: string | null }): RenderedMail {
  const { cancelledBy, invited, reason } = cancellation;
  return renderMail({
    subject: `Session cancelled: ${short(facts)}`,
    heading: 'A training session you booked is cancelled',
    blocks: [
      paragraph(greeting(facts)),
      paragraph(
        `We are sorry: this session of ${facts.courseTitle} is cancelled and will not take place. It was cancelled by ${cancellerPhrase(cancelledBy)}, ` +
          `and your ${invited ? 'booking' : 'place on the waiting list'} is cancelled with it.`,
      ),
      ...(reason ? [paragraph(`Reason: ${reason}`)] : []),
      ...(invited ? [paragraph('The cancellation attached to this e-mail removes the session from your calendar.')] : []),
      sessionDetails(facts),
      paragraph('Please book another session of this course if you still need it.'),
    ],
  });
}

export function reminderMail(facts: SessionFacts): RenderedMail {
  return renderMail({
    subject: `Reminder: ${short(facts)}`,
    heading: 'Your training session is coming up',
    blocks: [
      paragraph(greeting(facts)),
      paragraph(`This is a reminder that you have a place on ${facts.courseTitle}.`),
      sessionDetails(facts),
      viewBooking(facts),
      freeYourPlace(facts, 'If you can no longer come'),
    ],
  });
}

export interface MagicLinkFacts {
  personName: string | null;
  link: string;
  expiresAt: Date;
  minutesValid: number;
}

export function magicLinkMail(facts: MagicLinkFacts): RenderedMail {
  const document: MailDocument = {
    subject: 'Your sign-in link for library training',
    heading: 'Sign in to library training',
    blocks: [
      paragraph(greeting(facts)),
      paragraph('Use the link below to sign in. It works once.'),
      { kind: 'action', label: 'Sign in', href: facts.link },
      paragraph(`The link expires in ${facts.minutesValid} minutes, at ${formatInstant(facts.expiresAt, SERVICE_TIMEZONE)}.`),
      paragraph('If you did not ask to sign in, you can ignore this e-mail: nobody can sign in without the link.'),
    ],
  };
  return renderMail(document);
}

export interface WelcomeFacts {
  personName: string | null;
  /** The address they sign in with, as the service holds it. */
  email: string;
  /** `${PUBLIC_URL}/sign-in`. */
  signInUrl: string;
}

/** To a person an administrator has just added: what the service is and how to sign in. */
export function welcomeMail(facts: WelcomeFacts): RenderedMail {
  return renderMail({
    subject: 'You can now book library information skills training',
    heading: 'You can now book information skills training',
    blocks: [
      paragraph(greeting(facts)),
      paragraph(
        'NHS Ayrshire & Arran library service has added you to Information skills training, where social workers book ' +
          'places on the library’s training: searching the literature, finding evidence to inform practice and using the library.',
      ),
      paragraph('With it you can book a place or join a waiting list, get calendar invitations and reminders, and see your training record and CPD hours.'),
      paragraph(`To sign in, open ${facts.signInUrl} and enter your work e-mail address, ${facts.email}. We e-mail you a link that signs you in: there is no password.`),
      { kind: 'action', label: 'Sign in', href: facts.signInUrl },
      paragraph('If you think this e-mail is not meant for you, you can ignore it.'),
    ],
  });
}
