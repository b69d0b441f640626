import type { FieldError, LineError } from '../../common/domain-error';
import type { OrganisationDto } from '../../organisations/dto/organisation.dto';
import type { PeopleImportLineDto, PeopleImportResultDto } from '../../people/dto/people-import.dto';
import type { ImportDraftDto, ImportPreviewDto } from '../../people/people-import-drafts.service';
import type { ImportAction, ImportedValue } from '../../people/people-import-plan';
import { pagination, type PaginationView } from '../presenters/pagination';
import { COLUMN_FIELDS, PREVIEW_PAGE_SIZE, type PreviewQuery, showValueOf } from './import-forms';
import type { SelectItem, Tag } from './people-view';

export const UPLOAD_PAGE = 'admin/import/upload.njk';

export interface UploadView {
  pageTitle: string;
  backLinkHref: string;
  /** The form's action, with the form token in its query string (a multipart body is read only after the token is checked). */
  action: string;
  pasted: string;
  errors: FieldError[];
}

export function uploadView(csrfToken: string, errors: FieldError[] = [], pasted = ''): UploadView {
  return {
    pageTitle: 'Import people from an HR list',
    backLinkHref: '/admin/people',
    action: `/admin/people/import?_csrf=${encodeURIComponent(csrfToken)}`,
    pasted,
    errors,
  };
}

/** "Column C: Job Title" */
function columnName(index: number, heading: string): string {
  return `Column ${columnLetter(index)}: ${heading || '(no heading)'}`;
}

/** 0 → A, 25 → Z, 26 → AA, as spreadsheets name columns. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export interface ColumnsView {
  pageTitle: string;
  backLinkHref: string;
  action: string;
  fileName: string;
  rowCount: string;
  fields: Array<{ id: string; label: string; hint?: string; items: SelectItem[] }>;
  organisationItems: SelectItem[];
  errors: FieldError[];
  discardAction: string;
}

function clip(value: string): string {
  return value.length > 30 ? `${value.slice(0, 30)}…` : value;
}

export function columnsView(draft: ImportDraftDto, organisations: OrganisationDto[], values: Record<string, string>, errors: FieldError[] = []): ColumnsView {
  const columnItems = draft.headings.map((heading, index) => {
    const sample = draft.sample?.[index];
    return { value: String(index), text: `${columnName(index, heading)}${sample ? ` (for example, ${clip(sample)})` : ''}` };
  });
  return {
    pageTitle: 'Match the columns of your file',
    backLinkHref: '/admin/people/import',
    action: `/admin/people/import/${draft.id}/columns`,
    fileName: draft.fileName ?? 'Pasted rows',
    rowCount: peopleCount(draft.rowCount, 'row'),
    fields: COLUMN_FIELDS.map(({ field, label, hint }) => ({
      id: field,
      label,
      hint,
      items: [{ value: '', text: 'Not in the file' }, ...columnItems].map((item) => ({ ...item, selected: item.value === values[field] })),
    })),
    organisationItems: [
      { value: '', text: 'They are named in a column' },
      ...organisations.map((organisation) => ({ value: organisation.code, text: `${organisation.name} (${organisation.code})` })),
    ].map((item) => ({ ...item, selected: item.value === values.organisationForAll })),
    errors,
    discardAction: `/admin/people/import/${draft.id}/discard`,
  };
}

function peopleCount(n: number, noun = 'person', plural = `${noun}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? noun : noun === 'person' ? 'people' : plural}`;
}

/** What our field names are called on the pages. */
const FIELD_LABELS: Record<string, string> = {
  name: 'Full name',
  email: 'E-mail address',
  organisation: 'Organisation',
  team: 'Team',
  jobTitle: 'Job title',
  newlyQualified: 'Newly qualified',
  row: 'Whole row',
  header: 'Headings',
  file: 'File',
};

function shownValue(value: ImportedValue): string {
  if (value === null || value === '') return '(empty)';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return value;
}

const ACTION_TAGS: Record<ImportAction, Tag> = {
  create: { text: 'New', colour: 'green' },
  update: { text: 'Changed', colour: 'blue' },
  unchanged: { text: 'Unchanged', colour: 'grey' },
};

export interface PreviewLineRow {
  line: number;
  name: string;
  email: string;
  tag: Tag;
  changes: string[];
}

export interface PreviewView {
  pageTitle: string;
  backLinkHref: string;
  fileName: string;
  /** A sentence on how the file was read, when it was not UTF-8. */
  encodingNote?: string;
  columnsHref?: string;
  uploadAgainHref: string;
  discardAction: string;
  problems?: {
    rows: Array<{ line: number; column: string; message: string }>;
    /** "and 212 more problems" */
    more?: string;
    summary: string;
    /** When a line names an organisation the service does not have: the ones it has. */
    organisations?: Array<{ code: string; name: string }>;
  };
  formulas?: { rows: Array<{ line: number; column: string; value: string }>; more?: string };
  result?: {
    counts: Array<{ text: string; href: string; current: boolean }>;
    heading: string;
    lines: PreviewLineRow[];
    pagination?: PaginationView;
    /** Nothing would change: every line is unchanged. */
    nothingToDo: boolean;
    created: number;
    confirmAction: string;
    fingerprint: string;
    confirmText: string;
  };
}

function lineRow(line: PeopleImportLineDto): PreviewLineRow {
  return {
    line: line.line,
    name: line.name,
    email: line.email,
    tag: ACTION_TAGS[line.action],
    changes: (line.changes ?? []).map((change) => `${FIELD_LABELS[change.field] ?? change.field}: ${shownValue(change.from)} → ${shownValue(change.to)}`),
  };
}

const ENCODING_NOTES: Record<string, string> = {
  'windows-1252':
    'This file was not saved as UTF-8, so it was read as Windows-1252, the encoding Excel uses for “CSV (Comma delimited)”. Check that names with accents, such as Siobhán or Zoë, look right below.',
  'utf-16le': 'This file was saved as Unicode text and read as such.',
  'utf-16be': 'This file was saved as Unicode text and read as such.',
};

export function previewView(preview: ImportPreviewDto, query: PreviewQuery): PreviewView {
  const { draft } = preview;
  const base = `/admin/people/import/${draft.id}`;
  const view: PreviewView = {
    pageTitle: preview.counts ? 'Check the import' : 'The file has problems',
    backLinkHref: draft.ownHeader ? '/admin/people/import' : `${base}/columns`,
    fileName: draft.fileName ?? 'Pasted rows',
    encodingNote: ENCODING_NOTES[draft.encoding],
    columnsHref: draft.ownHeader ? undefined : `${base}/columns`,
    uploadAgainHref: '/admin/people/import',
    discardAction: `${base}/discard`,
  };
  if (preview.formulaCount > 0) {
    view.formulas = {
      rows: preview.formulas.map((cell) => ({ line: cell.line, column: FIELD_LABELS[cell.field] ?? cell.field, value: cell.value })),
      more: preview.formulaCount > preview.formulas.length ? `and ${(preview.formulaCount - preview.formulas.length).toLocaleString('en-GB')} more` : undefined,
    };
  }
  if (!preview.counts) {
    const listed = preview.errors.length;
    const lines = new Set(preview.errors.map((error) => error.line)).size;
    view.problems = {
      summary: `Nothing has been imported. ${problemCount(preview.errorCount)} found${lines < preview.errorCount && listed < preview.errorCount ? `; those of the first ${lines.toLocaleString('en-GB')} lines are listed` : ''}. Fix them in the file and upload it again.`,
      rows: preview.errors.map((error: LineError) => ({ line: error.line, column: FIELD_LABELS[error.field] ?? error.field, message: error.message })),
      more: preview.errorCount > listed ? `and ${(preview.errorCount - listed).toLocaleString('en-GB')} more ${preview.errorCount - listed === 1 ? 'problem' : 'problems'}` : undefined,
      organisations: preview.errors.some((error) => error.field === 'organisation') ? preview.organisations : undefined,
    };
    return view;
  }
  const { created, updated, unchanged } = preview.counts;
  const total = created + updated + unchanged;
  const listedTotal = query.action === 'create' ? created : query.action === 'update' ? updated : query.action === 'unchanged' ? unchanged : total;
  const pageCount = Math.max(1, Math.ceil(listedTotal / PREVIEW_PAGE_SIZE));
  const href = (action: ImportAction | undefined, page = 1) => {
    const params = new URLSearchParams();
    if (action) params.set('show', showValueOf(action));
    if (page > 1) params.set('page', String(page));
    const text = params.toString();
    return text ? `${base}?${text}` : base;
  };
  view.result = {
    counts: [
      { text: `All lines (${total.toLocaleString('en-GB')})`, href: href(undefined), current: query.action === undefined },
      { text: `New people (${created.toLocaleString('en-GB')})`, href: href('create'), current: query.action === 'create' },
      { text: `Changed (${updated.toLocaleString('en-GB')})`, href: href('update'), current: query.action === 'update' },
      { text: `Unchanged (${unchanged.toLocaleString('en-GB')})`, href: href('unchanged'), current: query.action === 'unchanged' },
    ],
    heading: [
      peopleCount(created, 'new person', 'new people'),
      `${updated.toLocaleString('en-GB')} changed`,
      `${unchanged.toLocaleString('en-GB')} unchanged`,
    ].join(', '),
    lines: (preview.lines ?? []).map(lineRow),
    pagination: pagination(Math.min(query.page, pageCount), pageCount, (page) => href(query.action, page)),
    nothingToDo: created === 0 && updated === 0,
    created,
    confirmAction: `${base}/confirm`,
    fingerprint: preview.fingerprint,
    confirmText: created + updated === 1 ? 'Import 1 person' : `Import ${(created + updated).toLocaleString('en-GB')} people`,
  };
  return view;
}

function problemCount(n: number): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? 'problem' : 'problems'}`;
}

export interface ImportedView {
  pageTitle: string;
  summary: string[];
  welcomed: boolean;
}

/** The counts come back in the address after the import (a redirect, so a refresh imports nothing again). */
export function importedView(result: Pick<PeopleImportResultDto, 'created' | 'updated' | 'unchanged'>, welcomed: boolean): ImportedView {
  return {
    pageTitle: 'People imported',
    summary: [
      `${result.created.toLocaleString('en-GB')} ${result.created === 1 ? 'person' : 'people'} added`,
      `${result.updated.toLocaleString('en-GB')} ${result.updated === 1 ? 'person’s details' : 'people’s details'} changed`,
      `${result.unchanged.toLocaleString('en-GB')} already up to date`,
    ],
    welcomed: welcomed && result.created > 0,
  };
}
