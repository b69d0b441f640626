import type { Actor } from '../../auth/actor';
import type { BookingDto } from '../../bookings/dto/booking.dto';
import type { FieldError } from '../../common/domain-error';
import type { SessionDto } from '../../sessions/dto/session.dto';
import { mayManageSession } from '../../sessions/session-rules';
import type { SessionPageData } from '../learner/session-pages.service';
import { sessionAction, SessionAction } from './session-action';
import { locationSaysOnline, presentSession, SessionSummary } from './session-summary';

/** One line of "Where": the room, or how to join online (with the link for those who may have it). */
export interface WhereLine {
  text: string;
  link?: string;
}

export interface SessionPageView {
  pageTitle: string;
  backLinkHref: string;
  summary: SessionSummary;
  /** The course description, one entry per paragraph. */
  description: string[];
  cpdHours: number | null;
  where: WhereLine[];
  /** "3 places left", "Full – you can join the waiting list" … and how many are waiting. */
  places: string;
  waiting?: string;
  action: SessionAction;
  /** For the booking form: a repeat of the same form books nothing more. */
  idempotencyKey: string;
  errors?: FieldError[];
}

/** Paragraphs of plain text: blank lines part them. */
export function paragraphs(text: string | null): string[] {
  return (text ?? '')
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

/**
 * Where the session is held. The joining link goes to people whose place is confirmed (and to
 * the session's trainers and admins, who run it); everyone else learns when they will get it.
 */
export function whereLines(actor: Actor, session: SessionDto, booking: Pick<BookingDto, 'status'> | null): WhereLine[] {
  const lines: WhereLine[] = [];
  if (session.location && !(session.onlineUrl && locationSaysOnline(session.location))) lines.push({ text: session.location });
  if (session.onlineUrl) {
    const label = session.location && locationSaysOnline(session.location) ? session.location : 'Online';
    const mayJoin = booking?.status === 'confirmed' || mayManageSession(actor, session.trainerIds);
    const mayGetLink = session.status === 'scheduled' && booking?.status !== 'cancelled';
    if (mayJoin) lines.push({ text: `${label}:`, link: session.onlineUrl });
    else lines.push({ text: mayGetLink ? `${label} – the joining link is sent when your place is confirmed` : label });
  }
  return lines.length > 0 ? lines : [{ text: 'Place to be confirmed' }];
}

function waiting(session: SessionDto): string | undefined {
  if (session.status === 'cancelled' || session.waitlistCount === 0) return undefined;
  return session.waitlistCount === 1 ? '1 person is on the waiting list' : `${session.waitlistCount} people are on the waiting list`;
}

export function sessionPageView(
  actor: Actor,
  data: SessionPageData,
  idempotencyKey: string,
  refusal?: string,
): SessionPageView {
  const { session, booking, course, now } = data;
  const summary = presentSession(session, now);
  return {
    pageTitle: `${summary.courseTitle}, ${summary.date}`,
    backLinkHref: '/sessions',
    summary,
    description: paragraphs(course.description),
    cpdHours: course.cpdHours,
    where: whereLines(actor, session, booking),
    places: summary.availability,
    waiting: waiting(session),
    action: sessionAction(session, booking, now),
    idempotencyKey,
    errors: refusal ? [{ field: 'action', message: refusal }] : undefined,
  };
}
