import { BusinessRuleError, ConflictError } from '../common/domain-error';
import type { BookingRefusal, CancellationRefusal } from './booking-rules';

const REFUSAL_MESSAGES: Record<Exclude<BookingRefusal, 'booking-not-open'> | CancellationRefusal, string> = {
  'session-cancelled': 'The session has been cancelled.',
  'session-started': 'The session has already started.',
  'booking-closed': 'Booking for this session has closed.',
  'booking-cancelled': 'The booking is already cancelled.',
};

/** 422: the session cannot take this booking (cancelled, started, closed or not open yet). */
export class SessionNotBookableError extends BusinessRuleError {
  constructor(refusal: BookingRefusal, session: { bookingOpensAt: Date | null }) {
    super(
      refusal,
      refusal === 'booking-not-open' ? `Booking for this session opens at ${session.bookingOpensAt!.toISOString()}.` : REFUSAL_MESSAGES[refusal],
    );
  }
}

/** 422: every seat is taken and the session has no waitlist. */
export class SessionFullError extends BusinessRuleError {
  constructor() {
    super('session-full', 'Every seat is taken and this session has no waitlist.');
  }
}

/** 409: the person already holds a confirmed or waitlisted booking for the session. */
export class DuplicateBookingError extends ConflictError {
  constructor() {
    super('duplicate-booking', 'This person already has an active booking for the session.');
  }
}

/** 422: the booking cannot be cancelled (already cancelled, or the session has started). */
export class CancellationRefusedError extends BusinessRuleError {
  constructor(refusal: CancellationRefusal) {
    super(refusal, REFUSAL_MESSAGES[refusal]);
  }
}

/** 422: an Idempotency-Key used again with a different request. */
export class IdempotencyKeyReusedError extends BusinessRuleError {
  constructor() {
    super('idempotency-key-reused', 'This Idempotency-Key was already used with a different request in the last 24 hours.');
  }
}
