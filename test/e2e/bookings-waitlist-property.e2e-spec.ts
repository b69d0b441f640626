import fc from 'fast-check';
import type { Actor } from '../../src/auth/actor';
import { BookingsService } from '../../src/bookings/bookings.service';
import { DomainError } from '../../src/common/domain-error';
import { SessionsService } from '../../src/sessions/sessions.service';
import { makeCourse, makeOrganisation, makeSession, makePerson } from '../factories';
import { brokenSeatRules, seatLedger } from '../support/booking-checks';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const NOW = '2026-10-01T08:00:00Z';
const PEOPLE = 7;

type Step =
  | { kind: 'book'; person: number }
  | { kind: 'cancel'; person: number }
  | { kind: 'capacity'; capacity: number }
  | { kind: 'waitlist'; enabled: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('book' as const), person: fc.integer({ min: 0, max: PEOPLE - 1 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cancel' as const), person: fc.integer({ min: 0, max: PEOPLE - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('capacity' as const), capacity: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('waitlist' as const), enabled: fc.boolean() }) },
);

/** The rules written the simplest way: who holds a seat, who waits in which order. */
class SeatModel {
  confirmed = new Set<number>();
  queue: number[] = [];

  constructor(
    public capacity: number,
    public waitlistEnabled: boolean,
  ) {}

  /** The answer the service should give: a booking status, or the refusal's HTTP status. */
  book(person: number): 'confirmed' | 'waitlisted' | 409 | 422 {
    if (this.confirmed.has(person) || this.queue.includes(person)) return 409;
    if (this.confirmed.size < this.capacity) {
      this.confirmed.add(person);
      return 'confirmed';
    }
    if (!this.waitlistEnabled) return 422;
    this.queue.push(person);
    return 'waitlisted';
  }

  cancel(person: number): void {
    if (this.confirmed.delete(person)) this.promote();
    else this.queue = this.queue.filter((p) => p !== person);
  }

  setCapacity(capacity: number): 200 | 409 {
    if (capacity < this.confirmed.size) return 409;
    this.capacity = capacity;
    this.promote();
    return 200;
  }

  private promote(): void {
    while (this.confirmed.size < this.capacity && this.queue.length > 0) this.confirmed.add(this.queue.shift()!);
  }
}

/**
 * Random sequences of booking, cancelling and capacity changes against the real services and a
 * real database, compared after every step with a model of the rules and checked against the
 * seat invariants read from the rows.
 */
describe(`waitlist rules under random sequences (${testDialect()})`, () => {
  let t: TestApp;
  let bookings: BookingsService;
  let sessions: SessionsService;
  let courseId: string;
  let admin: Actor;
  let people: Actor[];

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    bookings = t.app.get(BookingsService);
    sessions = t.app.get(SessionsService);
    const organisationId = (await makeOrganisation(t.dataSource)).id;
    courseId = (await makeCourse(t.dataSource)).id;
    const asActor = async (roles: Actor['roles']): Promise<Actor> => {
      const person = await makePerson(t.dataSource, { organisationId, roles });
      return { personId: person.id, organisationId, roles, tokenId: 'property-test' };
    };
    admin = await asActor(['admin']);
    people = [];
    for (let i = 0; i < PEOPLE; i++) people.push(await asActor(['learner']));
  });
  afterAll(() => t.close());

  /** The HTTP status a DomainError maps to, or the error itself when it is anything else. */
  async function statusOf(work: Promise<unknown>): Promise<number> {
    try {
      await work;
      return 200;
    } catch (error) {
      if (error instanceof DomainError) return error.status;
      throw error;
    }
  }

  async function expectMatchesModel(sessionId: string, model: SeatModel): Promise<void> {
    const ledger = await seatLedger(t.dataSource, sessionId);
    expect(brokenSeatRules(ledger)).toEqual([]);
    expect(ledger.session.capacity).toBe(model.capacity);
    const index = (personId: string) => people.findIndex((p) => p.personId === personId);
    expect(ledger.confirmed.map((b) => index(b.personId)).sort()).toEqual([...model.confirmed].sort());
    const listed = await bookings.list(admin, { sessionId, status: 'waitlisted', limit: 500, offset: 0 });
    const byPosition = [...listed.items].sort((a, b) => a.waitlistPosition! - b.waitlistPosition!);
    expect(byPosition.map((b) => b.waitlistPosition)).toEqual(model.queue.map((_, i) => i + 1));
    expect(byPosition.map((b) => index(b.personId))).toEqual(model.queue);
  }

  it('confirmed never exceeds capacity, the counter matches the rows, no seat stays free while someone waits, positions run 1..n in arrival order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.array(step, { minLength: 5, maxLength: 30 }),
        async (capacity, waitlistEnabled, steps) => {
          const session = await makeSession(t.dataSource, { courseId, capacity, waitlistEnabled, now: new Date(NOW) });
          const model = new SeatModel(capacity, waitlistEnabled);
          const active = new Map<number, string>();
          for (const next of steps) {
            switch (next.kind) {
              case 'book': {
                const expected = model.book(next.person);
                if (typeof expected === 'number') {
                  expect(await statusOf(bookings.book(people[next.person], { sessionId: session.id }))).toBe(expected);
                } else {
                  const { booking } = await bookings.book(people[next.person], { sessionId: session.id });
                  expect(booking.status).toBe(expected);
                  if (expected === 'waitlisted') expect(booking.waitlistPosition).toBe(model.queue.length);
                  active.set(next.person, booking.id);
                }
                break;
              }
              case 'cancel': {
                const bookingId = active.get(next.person);
                if (!bookingId) break;
                model.cancel(next.person);
                active.delete(next.person);
                expect((await bookings.cancel(people[next.person], bookingId)).status).toBe('cancelled');
                break;
              }
              case 'capacity':
                expect(await statusOf(sessions.update(admin, session.id, { capacity: next.capacity }))).toBe(model.setCapacity(next.capacity));
                break;
              case 'waitlist':
                model.waitlistEnabled = next.enabled;
                await sessions.update(admin, session.id, { waitlistEnabled: next.enabled });
                break;
            }
            await expectMatchesModel(session.id, model);
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
