import { DateTime } from 'luxon';
import type { MyTrainingDto } from '../../reports/dto/my-training.dto';

export interface TrainingRecordRow {
  /** "12 January 2027", the session's own date in its zone. */
  date: string;
  courseTitle: string;
  sessionHref: string;
  /** "2", "1.5", or "Not stated". */
  cpdHours: string;
}

export interface TrainingRecordView {
  rows: TrainingRecordRow[];
  /** "3 sessions" */
  sessions: string;
  /** "6.5 hours" */
  totalHours: string;
}

/** 2 → "2", 1.5 → "1.5", 0.25 → "0.25". */
export function formatHours(hours: number): string {
  return String(Math.round(hours * 100) / 100);
}

export function presentTrainingRecord(record: MyTrainingDto): TrainingRecordView {
  const { sessionsAttended, cpdHours } = record.totals;
  return {
    rows: record.items.map((item) => ({
      date: DateTime.fromISO(item.date).setLocale('en-GB').toFormat('d LLLL yyyy'),
      courseTitle: item.courseTitle,
      sessionHref: `/sessions/${item.sessionId}`,
      cpdHours: item.cpdHours === null ? 'Not stated' : formatHours(item.cpdHours),
    })),
    sessions: `${sessionsAttended} ${sessionsAttended === 1 ? 'session' : 'sessions'}`,
    totalHours: `${formatHours(cpdHours)} ${cpdHours === 1 ? 'hour' : 'hours'}`,
  };
}
