import type { AttendanceChangeDto } from '../../../attendance/dto/attendance-change.dto';
import type { CheckInCodeDto } from '../../../attendance/dto/check-in.dto';
import type { RegisterSheetEntryDto } from '../../../attendance/dto/register-sheet.dto';
import type { FieldError } from '../../../common/domain-error';
import { sessionTimes } from '../../presenters/session-times';
import { shortMoment } from './trainer-session';
import { ATTENDANCE_MARKS, AttendanceStatus, marksToSave, PendingWalkIn, RegisterForm } from '../forms/register-form';
import type { CheckInCodeDto as CheckIn } from '../../../attendance/dto/check-in.dto';
import type { RegisterSheetDto } from '../../../attendance/dto/register-sheet.dto';
import type { SessionDto } from '../../../sessions/dto/session.dto';
import type { FoundPerson, RegisterData } from '../trainer-pages.service';
import type { Banner } from './session-page-view';
import { people, SessionFacts, sessionFacts, SessionPhase, sessionPhase } from './trainer-session';

export const MARK_LABELS: Record<AttendanceStatus, string> = { attended: 'Attended', absent: 'Absent', excused: 'Excused' };

export interface RegisterRow {
  personId: string;
  name: string;
  /** "Children and families · North Ayrshire HSCP" */
  detail: string;
  walkIn: boolean;
  /** Added on this form and not saved yet: the form carries what it shows of them. */
  pending?: PendingWalkIn;
  /** The saved mark, as the form showed it ('' for none): sent back to tell what changed. */
  shown: AttendanceStatus | '';
  radios: Array<{ id: string; value: AttendanceStatus; text: string; checked: boolean }>;
}

export interface CheckInPanel {
  code: string;
  /** "Open from 09:45 to 12:00 GMT" */
  window: string;
  state: 'not-open-yet' | 'open' | 'closed';
}

export interface HistoryEntry {
  when: string;
  whenIso: string;
  person: string;
  change: string;
  by: string;
  walkIn: boolean;
}

export interface FoundRow {
  personId: string;
  name: string;
  team: string;
  organisation: string;
  onRegister: boolean;
}

export interface RegisterView {
  pageTitle: string;
  backLinkHref: string;
  facts: SessionFacts;
  phase: SessionPhase;
  /** Why the register cannot be written now; undefined when it can. */
  closedReason?: string;
  errors: FieldError[];
  banner?: Banner;
  rows: RegisterRow[];
  /** "12 attended, 2 absent, 1 excused, 3 not marked" */
  counts: string;
  /** The form carries marks or walk-ins chosen but not saved yet. */
  unsaved: boolean;
  unmarked: number;
  checkIn?: CheckInPanel;
  /** Whether "Start check-in now" is offered. */
  mayStartCheckIn: boolean;
  history: HistoryEntry[];
  historyNote?: string;
  q: string;
  found?: FoundRow[];
}

/** The register form as the trainer left it: radios chosen, walk-ins added, the search. */
export interface RegisterFormState {
  form?: RegisterForm;
  errors?: FieldError[];
  found?: FoundPerson[];
  /** How many marks the last save changed; 0: the save changed nothing. */
  saved?: number;
  /** The name of a walk-in just added to the form. */
  added?: string;
}

function detail(team: string | null, organisation: string | null): string {
  return [team, organisation].filter((part): part is string => !!part).join(' · ');
}

function radios(personId: string, chosen: AttendanceStatus | null) {
  return ATTENDANCE_MARKS.map((value, index) => ({
    // The first radio has the bare id, so an error summary can link to the person's radios.
    id: index === 0 ? `mark-${personId}` : `mark-${personId}-${value}`,
    value,
    text: MARK_LABELS[value],
    checked: chosen === value,
  }));
}

function savedRow(record: RegisterSheetEntryDto, form: RegisterForm | undefined): RegisterRow {
  // A re-drawn form keeps what was shown and chosen; a fresh one shows the saved mark.
  const choice = form?.choices.get(record.personId);
  const shown = choice ? choice.shown : record.status;
  return {
    personId: record.personId,
    name: record.name ?? 'Name removed',
    detail: detail(record.team, record.organisation),
    walkIn: record.walkIn,
    shown: shown ?? '',
    radios: radios(record.personId, choice ? choice.chosen : record.status),
  };
}

function pendingRow(walkIn: PendingWalkIn, form: RegisterForm): RegisterRow {
  return {
    personId: walkIn.personId,
    name: walkIn.name || 'Walk-in',
    detail: detail(walkIn.team || null, walkIn.organisation || null),
    walkIn: true,
    pending: walkIn,
    shown: '',
    radios: radios(walkIn.personId, form.choices.get(walkIn.personId)?.chosen ?? 'attended'),
  };
}

function counts(records: RegisterSheetEntryDto[]): { text: string; unmarked: number } {
  const tally = { attended: 0, absent: 0, excused: 0 };
  let unmarked = 0;
  for (const record of records) {
    if (record.status) tally[record.status] += 1;
    else unmarked += 1;
  }
  const parts = [`${tally.attended} attended`, `${tally.absent} absent`, `${tally.excused} excused`, `${unmarked} not marked`];
  return { text: parts.join(', '), unmarked };
}

function checkInPanel(code: CheckInCodeDto | null, timezone: string, now: Date): CheckInPanel | undefined {
  if (!code) return undefined;
  const from = new Date(code.validFrom);
  const until = new Date(code.validUntil);
  const times = sessionTimes(from, until, timezone);
  return {
    code: code.code,
    window: `Open from ${times.time}`,
    state: now < from ? 'not-open-yet' : now > until ? 'closed' : 'open',
  };
}

function markText(status: AttendanceStatus | null): string {
  return status ? MARK_LABELS[status] : 'Not marked';
}

export function historyEntry(change: AttendanceChangeDto, timezone: string): HistoryEntry {
  const by = change.changedByName ?? 'Name removed';
  return {
    when: shortMoment(change.changedAt, timezone),
    whenIso: new Date(change.changedAt).toISOString(),
    person: change.name ?? 'Name removed',
    change: `${markText(change.oldStatus)} → ${markText(change.newStatus)}`,
    by: change.source === 'check-in' ? `${by} (checked in on their phone)` : by,
    walkIn: change.walkIn,
  };
}

function closedReason(phase: SessionPhase, facts: SessionFacts): string | undefined {
  if (phase === 'cancelled') return 'This session is cancelled, so it has no register.';
  if (phase === 'upcoming') {
    return `You can mark attendance once the session starts (${facts.date}, ${facts.time}). Until then you can print the sign-in sheet and start self check-in.`;
  }
  return undefined;
}

function savedBanner(saved: number | undefined, added: string | undefined): Banner | undefined {
  if (added !== undefined) return { title: `${added} added as a walk-in`, text: 'Choose their mark, then save the register to keep it.' };
  if (saved === undefined) return undefined;
  return saved === 0 ? { title: 'Nothing to save', text: 'No marks were changed.' } : { title: 'Register saved', text: `${people(saved)} marked.` };
}

export function registerView(data: RegisterData, state: RegisterFormState = {}): RegisterView {
  const { session, sheet, now } = data;
  const facts = sessionFacts(session);
  const phase = sessionPhase(session, now);
  const form = state.form;
  const onRegister = new Set(sheet.records.map((record) => record.personId));
  const rows = [...sheet.records.map((record) => savedRow(record, form)), ...(form?.pendingWalkIns ?? []).map((walkIn) => pendingRow(walkIn, form!))];
  for (const row of rows) onRegister.add(row.personId);
  const tally = counts(sheet.records);
  return {
    pageTitle: `Register: ${session.course.title}`,
    backLinkHref: facts.href,
    facts,
    phase,
    closedReason: closedReason(phase, facts),
    errors: state.errors ?? [],
    banner: savedBanner(state.saved, state.added),
    rows,
    counts: tally.text,
    unsaved: form !== undefined && marksToSave(form).length > 0,
    unmarked: tally.unmarked,
    checkIn: checkInPanel(data.checkIn, session.timezone, now),
    mayStartCheckIn: phase === 'upcoming' || phase === 'under-way',
    history: data.history.map((change) => historyEntry(change, session.timezone)),
    historyNote: data.historyTotal > data.history.length ? `The latest ${data.history.length} of ${data.historyTotal} changes.` : undefined,
    q: form?.q ?? '',
    found: state.found?.map((person) => ({
      personId: person.id,
      name: person.name ?? 'Name removed',
      team: person.team ?? '',
      organisation: 'organisation' in person ? person.organisation : '',
      onRegister: onRegister.has(person.id),
    })),
  };
}

export interface CheckInScreenView {
  pageTitle: string;
  backLinkHref: string;
  backLinkText: string;
  facts: SessionFacts;
  checkIn?: CheckInPanel;
  mayStartCheckIn: boolean;
  /** Where learners enter the code. */
  checkInAddress: string;
}

export function checkInScreenView(data: { now: Date; session: SessionDto; checkIn: CheckIn | null }, checkInAddress: string): CheckInScreenView {
  const facts = sessionFacts(data.session);
  const phase = sessionPhase(data.session, data.now);
  return {
    pageTitle: `Check-in code: ${data.session.course.title}`,
    backLinkHref: `${facts.href}/register`,
    backLinkText: 'Back to the register',
    facts,
    checkIn: checkInPanel(data.checkIn, data.session.timezone, data.now),
    mayStartCheckIn: phase === 'upcoming' || phase === 'under-way',
    checkInAddress,
  };
}

/** Rows for people who come without a booking, to write in by hand. */
export const BLANK_SIGN_IN_ROWS = 5;

export interface SignInSheetView {
  pageTitle: string;
  backLinkHref: string;
  backLinkText: string;
  facts: SessionFacts;
  rows: Array<{ name: string; team: string; organisation: string }>;
  blankRows: number[];
}

export function signInSheetView(data: { session: SessionDto; sheet: RegisterSheetDto }): SignInSheetView {
  const facts = sessionFacts(data.session);
  return {
    pageTitle: `Sign-in sheet: ${data.session.course.title}`,
    backLinkHref: `${facts.href}/register`,
    backLinkText: 'Back to the register',
    facts,
    rows: data.sheet.records.map((record) => ({ name: record.name ?? 'Name removed', team: record.team ?? '', organisation: record.organisation ?? '' })),
    blankRows: Array.from({ length: BLANK_SIGN_IN_ROWS }, (_, index) => index + 1),
  };
}
