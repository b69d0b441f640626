import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { EntityManager, LessThan } from 'typeorm';
import { hasRole, type Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { ConflictError, FieldError, ForbiddenError, InvalidInputError, LineError, NotFoundError } from '../common/domain-error';
import { Transactions } from '../database/transactions';
import { Organisation } from '../organisations/organisation.entity';
import type { PeopleImportLineDto, PeopleImportResultDto } from './dto/people-import.dto';
import { checkPastedText, decodeHrFile, Delimiter, firstRow, FormulaCell, inspectHrCsv, toPeopleCsv } from './hr-csv';
import { ColumnMapping, HR_FIELDS, isOwnHeader, mappingGaps, suggestMapping } from './hr-headings';
import { MAX_LISTED_LINES } from './people-csv';
import { PeopleImportDraft } from './people-import-draft.entity';
import type { ImportAction } from './people-import-plan';
import { PeopleImportService } from './people-import.service';
import { InvalidPeopleCsvError } from './people.errors';

/** How long an upload is kept for its preview and confirmation: long enough for a break, short enough not to hoard personal data. */
export const DRAFT_LIFETIME_MS = 24 * 3600_000;

/** An uploaded HR file between the import's steps, as the pages show it. */
export interface ImportDraftDto {
  id: string;
  fileName: string | null;
  /** How the file was read; 'pasted' for pasted text. */
  encoding: string;
  headings: string[];
  /** Rows under the headings, blank ones aside. */
  rowCount: number;
  /** get() only: the first row of people, a value per heading. */
  sample?: string[];
  /** The headings are exactly ours: nothing to choose. */
  ownHeader: boolean;
  /** The columns chosen; null until they are (never for a file with our own headings). */
  columns: ColumnMapping | null;
  /** What the headings suggest, for the columns page. */
  suggested: ColumnMapping;
  organisationForAll: string | null;
  /** The columns page comes first: the headings are not ours and no columns are chosen yet. */
  needsColumns: boolean;
  expiresAt: Date;
}

/** What importing the draft would do: the dry run's counts and one page of lines, or every problem found. */
export interface ImportPreviewDto {
  draft: ImportDraftDto;
  /** Hand back to confirm: the content and columns this preview describes. */
  fingerprint: string;
  /** Null when the file has problems: then nothing can be imported. */
  counts: Pick<PeopleImportResultDto, 'created' | 'updated' | 'unchanged'> | null;
  /** One page of the lines with the chosen outcome (all outcomes when none was chosen), in file order. */
  lines: PeopleImportLineDto[];
  /** The problems of the first MAX_LISTED_LINES bad lines, in line order. */
  errors: LineError[];
  /** Problems in the whole file. */
  errorCount: number;
  formulas: FormulaCell[];
  formulaCount: number;
  /** Every organisation, as a file may name them: by code or by name. */
  organisations: Array<{ code: string; name: string }>;
}

export interface ColumnChoice {
  columns: ColumnMapping;
  /** An organisation code for every person of the file, when no column names it. */
  organisationForAll?: string;
}

/**
 * The import pages' three steps over PeopleImportService: an HR file is uploaded (or pasted) and
 * kept in the database, so that whichever app instance serves the next request has it; its columns
 * are matched to ours; its dry run is previewed page by page; and, confirmed, it is imported, all
 * or nothing, exactly as previewed. Admins only, and each admin sees only their own uploads.
 */
@Injectable()
export class PeopleImportDrafts {
  constructor(
    private readonly transactions: Transactions,
    private readonly peopleImport: PeopleImportService,
    private readonly clock: Clock,
  ) {}

  /** Reads and keeps a file (bytes) or pasted text; refuses, saying why, what is not a CSV file of people. */
  async upload(actor: Actor, file: { fileName: string | null; bytes: Buffer } | { pasted: string }): Promise<ImportDraftDto> {
    assertAdmin(actor);
    const decoded = 'pasted' in file ? { text: checkPastedText(file.pasted), encoding: 'pasted' } : decodeHrFile(file.bytes);
    const shape = await inspectHrCsv(decoded.text);
    const now = this.clock.now();
    return this.transactions.run(async (manager) => {
      await manager.delete(PeopleImportDraft, { expiresAt: LessThan(now) });
      const draft = manager.create(PeopleImportDraft, {
        createdById: actor.personId,
        fileName: 'fileName' in file ? file.fileName : null,
        encoding: decoded.encoding,
        content: decoded.text,
        delimiter: shape.delimiter,
        headings: shape.headings,
        rowCount: shape.rows,
        columns: null,
        organisationForAll: null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + DRAFT_LIFETIME_MS),
      });
      draft.fingerprint = fingerprintOf(draft);
      return draftDto(await manager.save(draft));
    });
  }

  async get(actor: Actor, id: string): Promise<ImportDraftDto> {
    assertAdmin(actor);
    const draft = await this.transactions.read((manager) => this.find(manager, actor, id));
    return { ...draftDto(draft), sample: await firstRow(draft.content, draft.delimiter as Delimiter) };
  }

  /**
   * Which of the file's columns hold which field. 400 naming each field that still needs a
   * column (a name, or first and last names; the e-mail address; the organisation, unless one is
   * chosen for everybody), or a column chosen twice.
   */
  async chooseColumns(actor: Actor, id: string, choice: ColumnChoice): Promise<ImportDraftDto> {
    assertAdmin(actor);
    return this.transactions.run(async (manager) => {
      const draft = await this.find(manager, actor, id);
      const columns = Object.fromEntries(
        Object.entries(choice.columns).filter(([field, index]) => (HR_FIELDS as readonly string[]).includes(field) && index !== undefined),
      ) as ColumnMapping;
      if (Object.values(columns).some((index) => !Number.isInteger(index) || index < 0 || index >= draft.headings.length)) {
        throw new InvalidInputError('A chosen column is not in the file.');
      }
      if (choice.organisationForAll !== undefined && !(await manager.existsBy(Organisation, { code: choice.organisationForAll }))) {
        throw new InvalidInputError('Choose an organisation.', [{ field: 'organisationForAll', message: 'Choose the organisation these people belong to' }]);
      }
      const errors = mappingGaps(columns, choice.organisationForAll !== undefined).map((gap) => GAP_ERRORS[gap]);
      if (errors.length > 0) throw new InvalidInputError('Choose the columns the import needs.', errors);
      draft.columns = columns;
      draft.organisationForAll = choice.organisationForAll ?? null;
      draft.fingerprint = fingerprintOf(draft);
      return draftDto(await manager.save(draft));
    });
  }

  /**
   * The dry run of the draft as its columns read it: counts for the whole file and one page of
   * lines (`action` picks one outcome), or every problem of the file by line. Writes nothing.
   */
  async preview(actor: Actor, id: string, page: { action?: ImportAction; offset: number; limit: number }): Promise<ImportPreviewDto> {
    assertAdmin(actor);
    const { draft, organisations } = await this.transactions.read(async (manager) => ({
      draft: await this.find(manager, actor, id),
      organisations: await manager.find(Organisation),
    }));
    if (needsColumns(draft)) throw new ConflictError('import-columns-needed', 'Choose which columns hold which details first.');
    const translated = await toPeopleCsv(draft.content, translationOf(draft, organisations));
    const preview = {
      draft: draftDto(draft),
      fingerprint: draft.fingerprint,
      formulas: translated.formulas,
      formulaCount: translated.formulaCount,
      organisations: organisations.map(({ code, name }) => ({ code, name })),
    };
    try {
      const result = await this.peopleImport.import(csvUpload(translated.csv), { actor, dryRun: true, ...page });
      if (translated.problemCount === 0) {
        const { lines = [], ...counts } = result;
        return { ...preview, counts, lines, errors: [], errorCount: 0 };
      }
      return { ...preview, counts: null, lines: [], errors: translated.problems, errorCount: translated.problemCount };
    } catch (error) {
      if (!(error instanceof InvalidPeopleCsvError)) throw error;
      const errors = firstBadLines([...translated.problems, ...((error.errors ?? []) as LineError[])]);
      return { ...preview, counts: null, lines: [], errors, errorCount: translated.problemCount + (error.errorCount ?? errors.length) };
    }
  }

  /**
   * Imports the draft, all or nothing, if it is still what the preview with this fingerprint
   * showed (409 otherwise); `welcome` e-mails the people it adds. The draft is deleted once
   * imported. A file with problems is 422, as the API answers.
   */
  async confirm(actor: Actor, id: string, options: { fingerprint: string; welcome: boolean }): Promise<PeopleImportResultDto> {
    assertAdmin(actor);
    const { draft, organisations } = await this.transactions.read(async (manager) => ({
      draft: await this.find(manager, actor, id),
      organisations: await manager.find(Organisation),
    }));
    if (needsColumns(draft)) throw new ConflictError('import-columns-needed', 'Choose which columns hold which details first.');
    if (draft.fingerprint !== options.fingerprint) {
      throw new ConflictError('import-changed', 'The columns chosen for this file changed after the preview was shown. Check the preview again.');
    }
    const translated = await toPeopleCsv(draft.content, translationOf(draft, organisations));
    if (translated.problemCount > 0) throw new InvalidPeopleCsvError(translated.problems, translated.problemCount, translated.problemCount);
    const result = await this.peopleImport.import(csvUpload(translated.csv), { actor, dryRun: false, welcome: options.welcome, offset: 0, limit: 0 });
    await this.transactions.run((manager) => manager.delete(PeopleImportDraft, { id: draft.id }));
    return result;
  }

  /** Forgets an upload (the "start again" link). */
  async discard(actor: Actor, id: string): Promise<void> {
    assertAdmin(actor);
    await this.transactions.run(async (manager) => {
      await manager.delete(PeopleImportDraft, { id: (await this.find(manager, actor, id)).id });
    });
  }

  /** The actor's own draft, unexpired; anything else is 404. */
  private async find(manager: EntityManager, actor: Actor, id: string): Promise<PeopleImportDraft> {
    const draft = await manager.findOneBy(PeopleImportDraft, { id, createdById: actor.personId });
    if (!draft || draft.expiresAt <= this.clock.now()) throw new NotFoundError('Import');
    return draft;
  }
}

function assertAdmin(actor: Actor): void {
  if (!hasRole(actor, 'admin')) throw new ForbiddenError('Only admins may import people.');
}

const GAP_ERRORS: Record<ReturnType<typeof mappingGaps>[number], FieldError> = {
  name: { field: 'name', message: 'Choose the column with the full name, or the columns with first and last names' },
  firstName: { field: 'firstName', message: 'Choose the column with the first names, as you chose one for last names' },
  lastName: { field: 'lastName', message: 'Choose the column with the last names, as you chose one for first names' },
  email: { field: 'email', message: 'Choose the column with the e-mail address' },
  organisation: { field: 'organisation', message: 'Choose the column with the organisation, or the organisation everybody in the file belongs to' },
  duplicate: { field: 'columns', message: 'Choose each column for one detail only' },
};

function needsColumns(draft: PeopleImportDraft): boolean {
  return draft.columns === null && !isOwnHeader(draft.headings);
}

function draftDto(draft: PeopleImportDraft): ImportDraftDto {
  return {
    id: draft.id,
    fileName: draft.fileName,
    encoding: draft.encoding,
    headings: draft.headings,
    rowCount: draft.rowCount,
    ownHeader: isOwnHeader(draft.headings),
    columns: draft.columns,
    suggested: suggestMapping(draft.headings),
    organisationForAll: draft.organisationForAll,
    needsColumns: needsColumns(draft),
    expiresAt: draft.expiresAt,
  };
}

function translationOf(draft: PeopleImportDraft, organisations: Organisation[]) {
  return {
    delimiter: draft.delimiter as Delimiter,
    // Our own headings map to themselves.
    mapping: draft.columns ?? suggestMapping(draft.headings),
    organisationForAll: draft.organisationForAll ?? undefined,
    organisations,
  };
}

function fingerprintOf(draft: Pick<PeopleImportDraft, 'content' | 'columns' | 'organisationForAll'>): string {
  return createHash('sha256')
    .update(draft.content)
    .update('\0')
    .update(JSON.stringify([draft.columns, draft.organisationForAll]))
    .digest('hex');
}

/** The translated file as the import reads an upload: UTF-8 bytes. */
function csvUpload(csv: string) {
  return { body: Readable.from([Buffer.from(csv, 'utf8')]), charset: 'utf-8' as const };
}

/** Problems in line order, those of the first MAX_LISTED_LINES bad lines. */
function firstBadLines(errors: LineError[]): LineError[] {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  const lines = [...new Set(sorted.map((error) => error.line))].slice(0, MAX_LISTED_LINES);
  const kept = new Set(lines);
  return sorted.filter((error) => kept.has(error.line));
}
