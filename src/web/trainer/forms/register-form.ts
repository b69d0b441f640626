import { isUUID } from 'class-validator';
import type { RegisterEntryDto } from '../../../attendance/dto/register.dto';
import type { RegisterMarkDto } from '../../../attendance/dto/update-register.dto';
import { FormBody, textField } from '../../forms/form-fields';

export type AttendanceStatus = NonNullable<RegisterEntryDto['status']>;
/** The register's radios, in the order shown. */
export const ATTENDANCE_MARKS: readonly AttendanceStatus[] = ['attended', 'absent', 'excused'];

/** More walk-ins than any room holds; the form carries no more than this. */
const MAX_PENDING_WALK_INS = 200;

/** What the register form's buttons ask for. */
export type RegisterAction =
  | { kind: 'save' }
  | { kind: 'mark-all' }
  | { kind: 'search' }
  | { kind: 'add-walk-in'; personId: string };

/** Someone added as a walk-in on this form and not saved yet: the form carries what it shows of them. */
export interface PendingWalkIn {
  personId: string;
  name: string;
  team: string;
  organisation: string;
}

/** One person's radios: what the form showed when it was drawn, and what is chosen now. */
export interface RegisterChoice {
  /** The mark saved when the form was drawn; null: none. */
  shown: AttendanceStatus | null;
  /** The radio chosen; null: none. */
  chosen: AttendanceStatus | null;
}

export interface RegisterForm {
  action: RegisterAction;
  /** Radios by person id, for everyone the form listed (walk-ins not yet saved included). */
  choices: Map<string, RegisterChoice>;
  pendingWalkIns: PendingWalkIn[];
  /** The walk-in search as typed. */
  q: string;
}

function attendanceStatus(value: string): AttendanceStatus | null {
  return (ATTENDANCE_MARKS as readonly string[]).includes(value) ? (value as AttendanceStatus) : null;
}

/** A field that may be sent once or repeated (`walk-in`), as strings. */
function repeated(body: FormBody, name: string): string[] {
  const value = body[name];
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  return values.filter((item): item is string => typeof item === 'string');
}

function readAction(text: string): RegisterAction {
  if (text === 'mark-all' || text === 'search') return { kind: text };
  const walkIn = /^add-walk-in-(.+)$/.exec(text);
  if (walkIn && isUUID(walkIn[1])) return { kind: 'add-walk-in', personId: walkIn[1] };
  return { kind: 'save' };
}

/**
 * Reads the register form: for each listed person (`listed`: the register's people when it was
 * drawn, and any walk-ins the form carries) the radio chosen (`mark-<id>`) and the mark the form
 * showed (`shown-<id>`); walk-ins added on the form and not saved; the search; the button pressed.
 * A value that is not a mark counts as no choice.
 */
export function readRegisterForm(body: FormBody, registerPersonIds: string[]): RegisterForm {
  const pendingWalkIns: PendingWalkIn[] = [];
  const seen = new Set(registerPersonIds);
  for (const personId of repeated(body, 'walk-in')) {
    if (!isUUID(personId) || seen.has(personId) || pendingWalkIns.length >= MAX_PENDING_WALK_INS) continue;
    seen.add(personId);
    pendingWalkIns.push({
      personId,
      name: textField(body, `walk-in-name-${personId}`),
      team: textField(body, `walk-in-team-${personId}`),
      organisation: textField(body, `walk-in-organisation-${personId}`),
    });
  }
  const choices = new Map<string, RegisterChoice>();
  for (const personId of seen) {
    choices.set(personId, {
      shown: attendanceStatus(textField(body, `shown-${personId}`)),
      chosen: attendanceStatus(textField(body, `mark-${personId}`)),
    });
  }
  return { action: readAction(textField(body, 'action')), choices, pendingWalkIns, q: textField(body, 'q') };
}

/**
 * The marks to save: each person whose chosen mark differs from the one the form showed, so a
 * save changes only what this trainer changed and leaves another trainer's marks made meanwhile
 * alone. "Mark everyone not yet marked as attended" also marks everyone with no radio chosen.
 */
export function marksToSave(form: RegisterForm): RegisterMarkDto[] {
  const marks: RegisterMarkDto[] = [];
  for (const [personId, { shown, chosen }] of form.choices) {
    const status = chosen ?? (form.action.kind === 'mark-all' && shown === null ? 'attended' : null);
    if (status !== null && status !== shown) marks.push({ personId, status });
  }
  return marks;
}
