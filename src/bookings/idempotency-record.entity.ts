import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The first answer to a request carrying an Idempotency-Key, per caller. The row is inserted
 * before the work, inside the same transaction, so a concurrent twin waits on the key and then
 * replays the stored answer.
 */
@Entity('idempotency_record')
@Index(['createdAt'])
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'uuid' })
  callerId: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  /** SHA-256 of method, path and body: the same key with another body is refused. */
  @Column({ type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ type: 'integer' })
  responseStatus: number;

  @Column({ type: 'text' })
  responseBody: string;

  @Column()
  createdAt: Date;
}
