import { AttendanceChange } from '../attendance/attendance-change.entity';
import { AttendanceRecord } from '../attendance/attendance-record.entity';
import { CheckInAttempt } from '../attendance/check-in-attempt.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { AuthToken } from '../auth/auth-token.entity';
import { MagicLinkRequest } from '../auth/magic-link-request.entity';
import { ServiceSecret } from '../auth/service-secret.entity';
import { TokenExchangeFailure } from '../auth/token-exchange-failure.entity';
import { Booking } from '../bookings/booking.entity';
import { IdempotencyRecord } from '../bookings/idempotency-record.entity';
import { Course } from '../courses/course.entity';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { Organisation } from '../organisations/organisation.entity';
import { PeopleImportDraft } from '../people/people-import-draft.entity';
import { Person } from '../people/person.entity';
import { AttendanceFact } from '../reports/attendance-fact.entity';
import { TrainingSession } from '../sessions/training-session.entity';

export const ENTITIES = [
  Organisation,
  Person,
  AuthToken,
  MagicLinkRequest,
  TokenExchangeFailure,
  Course,
  TrainingSession,
  Booking,
  IdempotencyRecord,
  AttendanceRecord,
  AttendanceChange,
  AttendanceFact,
  CheckInAttempt,
  OutboxMessage,
  ServiceSecret,
  AuditEvent,
  PeopleImportDraft,
];
