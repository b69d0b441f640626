import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ColumnMapping } from './hr-headings';

/**
 * An HR file uploaded on the import pages, kept between its steps (columns, preview, confirm) in
 * the database, so any app instance can serve the next step. Deleted when it is imported and
 * after a day in any case: it holds names and addresses.
 */
@Entity('people_import_draft')
@Index(['expiresAt'])
export class PeopleImportDraft {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The admin who uploaded it: only they see it. */
  @Column({ type: 'uuid' })
  createdById: string;

  /** As the browser sent it; null for pasted text. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  fileName: string | null;

  /** How the bytes were read (hr-csv.ts SourceEncoding); 'pasted' for pasted text. */
  @Column({ type: 'varchar', length: 16 })
  encoding: string;

  /** The file as text, exactly as it was decoded. */
  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'varchar', length: 1 })
  delimiter: string;

  /** The file's first line. */
  @Column({ type: 'simple-json' })
  headings: string[];

  @Column({ type: 'integer' })
  rowCount: number;

  /** The chosen columns; null until chosen (or when the file has our own headings). */
  @Column({ type: 'simple-json', nullable: true })
  columns: ColumnMapping | null;

  /** The code of the organisation all of the file's people belong to, when no column names one. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  organisationForAll: string | null;

  /**
   * SHA-256 of the content and the column choices: the preview's confirm button carries it, so
   * what is imported is exactly what was previewed.
   */
  @Column({ type: 'varchar', length: 64 })
  fingerprint: string;

  @Column()
  createdAt: Date;

  @Column()
  expiresAt: Date;
}
