import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row per magic-link request, known address or not: the rate limits count these, so they
 * hold across app instances and say nothing about which addresses exist. A request for a known
 * person waits here (pendingPersonId) until the link issuer e-mails the link, after the answer.
 */
@Entity('magic_link_request')
@Index(['addressHash', 'createdAt'])
@Index(['clientHash', 'createdAt'])
@Index(['pendingPersonId'])
export class MagicLinkRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  addressHash: string;

  @Column({ type: 'varchar', length: 64 })
  clientHash: string;

  /** The person a link is still to be sent to; null for an unknown address and once handled. */
  @Column({ type: 'uuid', nullable: true })
  pendingPersonId: string | null;

  /** The same-site page the link leads to after sign-in, if the request named one. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  next: string | null;

  @Column()
  createdAt: Date;
}
