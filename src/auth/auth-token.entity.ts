import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Person } from '../people/person.entity';

export type AuthTokenKind = 'magic' | 'access' | 'api';

/** Every credential, stored only as a SHA-256 hash of the random secret. */
@Entity('auth_token')
@Index(['personId', 'kind'])
export class AuthToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'personId' })
  person?: Person;

  @Column({ type: 'varchar', length: 16 })
  kind: AuthTokenKind;

  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  /** API tokens: what the integration is called. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Column({ type: Date, nullable: true })
  expiresAt: Date | null;

  /** Magic links: when it was exchanged (it works once). */
  @Column({ type: Date, nullable: true })
  usedAt: Date | null;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  @Column()
  createdAt: Date;
}
