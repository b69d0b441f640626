import type { FieldError } from '../../common/domain-error';
import type { ColumnMapping, HrField } from '../../people/hr-headings';
import type { ImportAction } from '../../people/people-import-plan';
import type { ColumnChoice } from '../../people/people-import-drafts.service';
import { type FormBody, textField } from '../forms/form-fields';

/** Lines of the preview per page. */
export const PREVIEW_PAGE_SIZE = 50;

/** The columns page's selects, in the order a person reads them. */
export const COLUMN_FIELDS: ReadonlyArray<{ field: HrField; label: string; hint?: string; required?: boolean }> = [
  { field: 'name', label: 'Full name', hint: 'Or, if your file splits names, choose first and last names below instead' },
  { field: 'firstName', label: 'First name' },
  { field: 'lastName', label: 'Last name' },
  { field: 'email', label: 'Work e-mail address', required: true },
  { field: 'organisation', label: 'Organisation', hint: 'By its code, such as EAHSCP, or its name' },
  { field: 'team', label: 'Team' },
  { field: 'jobTitle', label: 'Job title' },
  { field: 'newlyQualified', label: 'Newly qualified', hint: 'Yes or no, true or false, 1 or 0; empty counts as no' },
];

export interface ReadColumnsForm {
  choice: ColumnChoice;
  /** The form as it was filled in: a column index or '' per field, and the organisation for everyone. */
  values: Record<string, string>;
  errors: FieldError[];
}

/** The select's value for "this column": its index in the file. Anything else is "Not in the file". */
export function readColumnsForm(body: FormBody | undefined, columnCount: number): ReadColumnsForm {
  const columns: ColumnMapping = {};
  const values: Record<string, string> = {};
  for (const { field } of COLUMN_FIELDS) {
    const value = textField(body, field);
    values[field] = value;
    if (/^\d{1,4}$/.test(value) && Number(value) < columnCount) columns[field] = Number(value);
  }
  const organisationForAll = textField(body, 'organisationForAll');
  values.organisationForAll = organisationForAll;
  const errors: FieldError[] = [];
  if (columns.organisation !== undefined && organisationForAll !== '') {
    errors.push({ field: 'organisationForAll', message: 'Choose an organisation column or one organisation for everyone, not both' });
  }
  return { choice: { columns, organisationForAll: organisationForAll || undefined }, values, errors };
}

/** The form filled in from what the draft has, or what its headings suggest. */
export function columnsFormValues(columns: ColumnMapping, organisationForAll: string | null): Record<string, string> {
  const values: Record<string, string> = { organisationForAll: organisationForAll ?? '' };
  for (const { field } of COLUMN_FIELDS) values[field] = columns[field] === undefined ? '' : String(columns[field]);
  return values;
}

export interface PreviewQuery {
  action?: ImportAction;
  page: number;
}

const SHOWN: Record<string, ImportAction> = { new: 'create', changed: 'update', unchanged: 'unchanged' };

/** `?show=new|changed|unchanged&page=n`; anything else shows every line from the first page. */
export function readPreviewQuery(query: FormBody): PreviewQuery {
  const page = textField(query, 'page');
  return { action: SHOWN[textField(query, 'show')], page: /^[1-9]\d{0,5}$/.test(page) ? Number(page) : 1 };
}

export function showValueOf(action: ImportAction | undefined): string {
  return Object.entries(SHOWN).find(([, shown]) => shown === action)?.[0] ?? '';
}
