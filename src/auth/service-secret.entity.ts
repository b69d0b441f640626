import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Random keys the service makes for itself on first use (e.g. the one that signs web form
 * tokens), kept in the database so every app instance signs and checks with the same key.
 */
@Entity('service_secret')
export class ServiceSecret {
  @PrimaryColumn({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'varchar', length: 128 })
  value: string;

  @Column()
  createdAt: Date;
}
