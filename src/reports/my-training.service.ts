import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AttendanceRecord } from '../attendance/attendance-record.entity';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/domain-error';
import { Transactions } from '../database/transactions';
import { canSeePerson } from '../people/people-access';
import { Person } from '../people/person.entity';
import { CsvColumn, CsvDownload, csvStream } from './csv-export';
import type { AttendedSessionDto, MyTrainingDto, MyTrainingQueryDto } from './dto/my-training.dto';
import { localDate, REPORT_ZONE, resolveReportRange } from './report-definitions';

const CSV_COLUMNS: Array<CsvColumn<AttendedSessionDto>> = [
  { key: 'date', header: 'date' },
  { key: 'courseTitle', header: 'course' },
  { key: 'cpdHours', header: 'cpdHours' },
  { key: 'startsAt', header: 'startsAt' },
  { key: 'endsAt', header: 'endsAt' },
  { key: 'sessionId', header: 'sessionId' },
];

/** A person's own training record, e.g. for their professional registration. */
@Injectable()
export class MyTrainingService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  record(actor: Actor, query: MyTrainingQueryDto): Promise<MyTrainingDto> {
    return this.transactions.read((manager) => attendedSessions(manager, actor.personId, query));
  }

  /** Another person's record, for whoever may see the person (admins, their organisation's managers); otherwise 404. */
  recordOf(actor: Actor, personId: string, query: MyTrainingQueryDto): Promise<MyTrainingDto> {
    return this.transactions.read(async (manager) => {
      const person = await manager.findOneBy(Person, { id: personId });
      if (!person || !canSeePerson(actor, person)) throw new NotFoundError('Person');
      return attendedSessions(manager, personId, query);
    });
  }

  async csv(actor: Actor, query: MyTrainingQueryDto): Promise<CsvDownload> {
    const { items } = await this.record(actor, query);
    return { filename: `my-training-${localDate(this.clock.now(), REPORT_ZONE)}.csv`, stream: csvStream(CSV_COLUMNS, items) };
  }
}

async function attendedSessions(manager: EntityManager, personId: string, query: MyTrainingQueryDto): Promise<MyTrainingDto> {
  const range = resolveReportRange(query.from, query.to);
  const builder = manager
    .createQueryBuilder(AttendanceRecord, 'ar')
    .innerJoinAndSelect('ar.session', 's')
    .innerJoinAndSelect('s.course', 'c')
    .where('ar.personId = :personId', { personId })
    .andWhere("ar.status = 'attended'")
    .andWhere("s.status <> 'cancelled'")
    .orderBy('s.startsAt', 'ASC')
    .addOrderBy('s.id', 'ASC');
  if (range.from) builder.andWhere('s.startsAt >= :from', { from: range.from });
  if (range.to) builder.andWhere('s.startsAt <= :to', { to: range.to });
  const items = (await builder.getMany()).map(({ session }) => ({
    sessionId: session!.id,
    courseId: session!.courseId,
    courseTitle: session!.course!.title,
    startsAt: session!.startsAt,
    endsAt: session!.endsAt,
    date: localDate(session!.startsAt, session!.timezone),
    cpdHours: session!.course!.cpdHours,
  }));
  // Summed in hundredths so 0.1 + 0.2 shows as 0.3.
  const cpdHours = items.reduce((sum, item) => sum + Math.round((item.cpdHours ?? 0) * 100), 0) / 100;
  return { items, total: items.length, totals: { sessionsAttended: items.length, cpdHours } };
}
