import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row per magic-link request, known address or not: the rate limits count these, so they
 * hold across app instances and say nothing about which addresses exist.
 */
@Entity('magic_link_request')
@Index(['addressHash', 'createdAt'])
@Index(['clientHash', 'createdAt'])
export class MagicLinkRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  addressHash: string;

  @Column({ type: 'varchar', length: 64 })
  clientHash: string;

  @Column()
  createdAt: Date;
}
