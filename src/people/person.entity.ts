import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';

export const ROLES = ['learner', 'trainer', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

@Entity('person')
@Index(['organisationId', 'team'])
// The report cohort (see cohortCondition in reports/report-sql.ts), counted from the index alone.
@Index('IDX_person_cohort', ['organisationId', 'team'], { where: "active = TRUE AND roles LIKE '%learner%'" })
export class Person {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null once the person is erased. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  /** As entered; null once the person is erased. */
  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  /** Lower-cased e-mail: makes addresses unique case-insensitively on both databases. */
  @Column({ type: 'varchar', length: 320, nullable: true, unique: true })
  emailKey: string | null;

  /**
   * Name and e-mail folded for case- and accent-insensitive search (person-search.ts), written
   * by every write of either; null once the person is erased.
   */
  @Column({ type: 'text', nullable: true })
  searchText: string | null;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisationId' })
  organisation?: Organisation;

  @Column({ type: 'varchar', length: 200, nullable: true })
  team: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  jobTitle: string | null;

  /** Comma-separated role names; none contains another, so `LIKE '%learner%'` is exact. */
  @Column({ type: 'simple-array' })
  roles: Role[];

  @Column({ type: 'boolean', default: false })
  newlyQualified: boolean;

  @Column({ type: 'boolean', default: false })
  libraryMember: boolean;

  /** Inactive people (left the organisation) drop out of the report cohort. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: Date, nullable: true })
  erasedAt: Date | null;

  /**
   * The secret in the personal calendar feed address, kept as is (not hashed) so the same
   * address can be shown again; it only grants read access to the person's own timetable.
   */
  @Column({ type: 'varchar', length: 64, nullable: true, unique: true })
  calendarFeedToken: string | null;

  @Column()
  createdAt: Date;

  @Column()
  updatedAt: Date;
}
