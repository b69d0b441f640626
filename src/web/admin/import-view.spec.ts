import type { ImportDraftDto, ImportPreviewDto } from '../../people/people-import-drafts.service';
import { columnLetter, importedView, previewView } from './import-view';

const draft: ImportDraftDto = {
  id: 'd1',
  fileName: 'staff.csv',
  encoding: 'windows-1252',
  headings: ['Full name', 'Email address'],
  rowCount: 3,
  ownHeader: false,
  columns: { name: 0, email: 1 },
  suggested: { name: 0, email: 1 },
  organisationForAll: 'EAHSCP',
  needsColumns: false,
  expiresAt: new Date('2027-01-02T00:00:00Z'),
};

const preview = (fields: Partial<ImportPreviewDto>): ImportPreviewDto => ({
  draft,
  fingerprint: 'f'.repeat(64),
  counts: null,
  lines: [],
  errors: [],
  errorCount: 0,
  formulas: [],
  formulaCount: 0,
  organisations: [{ code: 'EAHSCP', name: 'East Ayrshire HSCP' }],
  ...fields,
});

describe('columnLetter', () => {
  it('names columns as spreadsheets do', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});

describe('previewView', () => {
  it('shows what each line does, with the changes in words, counts to filter by and the confirm button', () => {
    const view = previewView(
      preview({
        counts: { created: 1, updated: 1, unchanged: 1 },
        lines: [
          { line: 2, name: 'A', email: 'a@x.test', action: 'create' },
          {
            line: 3,
            name: 'B',
            email: 'b@x.test',
            action: 'update',
            changes: [
              { field: 'team', from: null, to: 'Adults' },
              { field: 'newlyQualified', from: true, to: false },
            ],
          },
          { line: 4, name: 'C', email: 'c@x.test', action: 'unchanged' },
        ],
      }),
      { page: 1 },
    );
    expect(view.pageTitle).toBe('Check the import');
    expect(view.encodingNote).toMatch(/read as Windows-1252/);
    expect(view.columnsHref).toBe('/admin/people/import/d1/columns');
    expect(view.result?.heading).toBe('1 new person, 1 changed, 1 unchanged');
    expect(view.result?.counts.map((count) => [count.text, count.href, count.current])).toEqual([
      ['All lines (3)', '/admin/people/import/d1', true],
      ['New people (1)', '/admin/people/import/d1?show=new', false],
      ['Changed (1)', '/admin/people/import/d1?show=changed', false],
      ['Unchanged (1)', '/admin/people/import/d1?show=unchanged', false],
    ]);
    expect(view.result?.lines[1]).toEqual({
      line: 3,
      name: 'B',
      email: 'b@x.test',
      tag: { text: 'Changed', colour: 'blue' },
      changes: ['Team: (empty) → Adults', 'Newly qualified: Yes → No'],
    });
    expect(view.result?.confirmText).toBe('Import 2 people');
    expect(view.result?.nothingToDo).toBe(false);
  });

  it('pages through the lines of one outcome', () => {
    const view = previewView(preview({ counts: { created: 0, updated: 120, unchanged: 5 } }), { action: 'update', page: 2 });
    expect(view.result?.pagination?.previous?.href).toBe('/admin/people/import/d1?show=changed');
    expect(view.result?.pagination?.next?.href).toBe('/admin/people/import/d1?show=changed&page=3');
  });

  it('has nothing to confirm when every line is unchanged', () => {
    expect(previewView(preview({ counts: { created: 0, updated: 0, unchanged: 7 } }), { page: 1 }).result?.nothingToDo).toBe(true);
  });

  it('lists the problems by line and the organisations a file can name, and offers no import', () => {
    const view = previewView(
      preview({
        errors: [
          { line: 4, field: 'organisation', message: 'No organisation has the code "X".' },
          { line: 9, field: 'row', message: 'The row has 8 fields' },
        ],
        errorCount: 5,
      }),
      { page: 1 },
    );
    expect(view.pageTitle).toBe('The file has problems');
    expect(view.result).toBeUndefined();
    expect(view.problems?.rows).toEqual([
      { line: 4, column: 'Organisation', message: 'No organisation has the code "X".' },
      { line: 9, column: 'Whole row', message: 'The row has 8 fields' },
    ]);
    expect(view.problems?.more).toBe('and 3 more problems');
    expect(view.problems?.organisations).toEqual([{ code: 'EAHSCP', name: 'East Ayrshire HSCP' }]);
  });
});

describe('importedView', () => {
  it('says what the import did, and that welcomes went only if someone was added', () => {
    expect(importedView({ created: 2, updated: 1, unchanged: 0 }, true)).toEqual({
      pageTitle: 'People imported',
      summary: ['2 people added', '1 person’s details changed', '0 already up to date'],
      welcomed: true,
    });
    expect(importedView({ created: 0, updated: 1, unchanged: 0 }, true).welcomed).toBe(false);
  });
});
