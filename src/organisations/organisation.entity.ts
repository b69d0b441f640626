import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('organisation')
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Short stable code used by HR imports, e.g. "NAHSCP". Unique. */
  @Column({ type: 'varchar', length: 32, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column()
  createdAt: Date;
}
