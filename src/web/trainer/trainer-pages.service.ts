import { Injectable } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import { AttendanceService } from '../../attendance/attendance.service';
import { CheckInService } from '../../attendance/check-in.service';
import type { AttendanceChangeDto } from '../../attendance/dto/attendance-change.dto';
import type { CheckInCodeDto } from '../../attendance/dto/check-in.dto';
import type { RegisterSheetDto } from '../../attendance/dto/register-sheet.dto';
import type { SessionRosterDto } from '../../bookings/dto/session-roster.dto';
import { SessionRosterService } from '../../bookings/session-roster.service';
import { Clock } from '../../common/clock';
import { MAX_PAGE_SIZE } from '../../common/pagination.dto';
import type { CourseDto } from '../../courses/dto/course.dto';
import { CoursesService } from '../../courses/courses.service';
import type { PersonDto, PersonSummaryDto } from '../../people/dto/person.dto';
import { PeopleService } from '../../people/people.service';
import type { SessionDto } from '../../sessions/dto/session.dto';
import type { TrainerSessionsDto, TrainerSessionsQuery } from '../../sessions/dto/trainer-sessions.dto';
import type { UpdateSessionDto } from '../../sessions/dto/update-session.dto';
import { mayManageSession } from '../../sessions/session-rules';
import { SessionsService } from '../../sessions/sessions.service';

/** More courses than the service will ever offer; the select lists them all. */
const ALL_COURSES = 500;
/** A search shows this many people; a longer name or the whole address narrows it. */
export const PEOPLE_SEARCH_LIMIT = 20;

export interface MySessionsData {
  now: Date;
  courses: CourseDto[];
  /** Absent when the filters had errors. */
  sessions?: TrainerSessionsDto;
}

export interface TrainerSessionData {
  now: Date;
  session: SessionDto;
  /** Whether the signed-in person may change the session (its trainers, admins). */
  mayManage: boolean;
  /** Who is booked and waiting; only for those who may manage the session. */
  roster?: SessionRosterDto;
}

export interface RegisterData {
  now: Date;
  session: SessionDto;
  sheet: RegisterSheetDto;
  /** Null until someone starts self check-in. */
  checkIn: CheckInCodeDto | null;
  /** Newest first. */
  history: AttendanceChangeDto[];
  /** How many changes there are in all (the page shows the latest MAX_PAGE_SIZE). */
  historyTotal: number;
}

/** Someone found by a search, as a trainer may see them. */
export type FoundPerson = PersonDto | PersonSummaryDto;

/**
 * What the trainer's pages show, read through the services the API uses, so the pages see the
 * same data and the same access rules: who may change a session, see its people or take its
 * register is decided there (ForbiddenError, NotFoundError), never here.
 */
@Injectable()
export class TrainerPages {
  constructor(
    private readonly sessions: SessionsService,
    private readonly courses: CoursesService,
    private readonly rosters: SessionRosterService,
    private readonly attendance: AttendanceService,
    private readonly checkIns: CheckInService,
    private readonly people: PeopleService,
    private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  /** Courses on offer (for a new session), or with the archived ones too (to filter sessions already held). */
  async courseList(archived: false | 'all' = false): Promise<CourseDto[]> {
    return (await this.courses.list({ limit: ALL_COURSES, offset: 0, archived })).items;
  }

  async mySessions(actor: Actor, query: TrainerSessionsQuery | undefined): Promise<MySessionsData> {
    const courses = await this.courseList('all');
    const now = this.clock.now();
    if (!query) return { now, courses };
    return { now, courses, sessions: await this.sessions.trainerSessions(actor, query) };
  }

  /** The session, with its people for those who may manage it. */
  async session(actor: Actor, sessionId: string): Promise<TrainerSessionData> {
    const session = await this.sessions.get(sessionId);
    const mayManage = mayManageSession(actor, session.trainerIds);
    const roster = mayManage ? await this.rosters.roster(actor, sessionId) : undefined;
    return { now: this.clock.now(), session, mayManage, roster };
  }

  /**
   * The session with its people, for a page that changes it: 403 for anyone who may not, as the
   * roster read answers (the change itself is decided again by the service that makes it).
   */
  async sessionToChange(actor: Actor, sessionId: string): Promise<Required<TrainerSessionData>> {
    const session = await this.sessions.get(sessionId);
    const roster = await this.rosters.roster(actor, sessionId);
    return { now: this.clock.now(), session, mayManage: true, roster };
  }

  /** Changes the session, answering it as it was and as it is. */
  async changeSession(actor: Actor, sessionId: string, change: UpdateSessionDto): Promise<{ before: SessionDto; after: SessionDto }> {
    const before = await this.sessions.get(sessionId);
    const after = await this.sessions.update(actor, sessionId, change);
    return { before, after };
  }

  async register(actor: Actor, sessionId: string): Promise<RegisterData> {
    const sheet = await this.attendance.registerSheet(actor, sessionId);
    const session = await this.sessions.get(sessionId);
    const checkIn = await this.checkIns.currentCode(actor, sessionId);
    const first = await this.attendance.history(actor, sessionId, { limit: MAX_PAGE_SIZE, offset: 0 });
    const latest =
      first.total > MAX_PAGE_SIZE ? await this.attendance.history(actor, sessionId, { limit: MAX_PAGE_SIZE, offset: first.total - MAX_PAGE_SIZE }) : first;
    return { now: this.clock.now(), session, sheet, checkIn, history: [...latest.items].reverse(), historyTotal: first.total };
  }

  /** The check-in code to project in the room, if check-in has been started. */
  async checkInScreen(actor: Actor, sessionId: string): Promise<{ now: Date; session: SessionDto; checkIn: CheckInCodeDto | null }> {
    const checkIn = await this.checkIns.currentCode(actor, sessionId);
    return { now: this.clock.now(), session: await this.sessions.get(sessionId), checkIn };
  }

  /** The sign-in sheet: the register's people with their teams. */
  async signInSheet(actor: Actor, sessionId: string): Promise<{ session: SessionDto; sheet: RegisterSheetDto }> {
    const sheet = await this.attendance.registerSheet(actor, sessionId);
    return { session: await this.sessions.get(sessionId), sheet };
  }

  /** People to book or add to a register: a trainer finds them by part of the name or the whole address. */
  async findPeople(actor: Actor, q: string): Promise<FoundPerson[]> {
    return (await this.people.list(actor, { q, limit: PEOPLE_SEARCH_LIMIT, offset: 0 })).items;
  }

  async findTrainers(actor: Actor, q: string): Promise<FoundPerson[]> {
    return (await this.people.list(actor, { q, role: 'trainer', limit: PEOPLE_SEARCH_LIMIT, offset: 0 })).items;
  }
}
