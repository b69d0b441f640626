import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A failed magic-token exchange (unknown, used or expired token), counted per client address. */
@Entity('token_exchange_failure')
@Index(['clientHash', 'createdAt'])
export class TokenExchangeFailure {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  clientHash: string;

  @Column()
  createdAt: Date;
}
