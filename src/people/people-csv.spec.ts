import { checkPeopleCsv, CsvTextSource, MAX_LISTED_LINES, PEOPLE_CSV_HEADER, PeopleCsvRow, peopleCsvRows } from './people-csv';

const HEADER = PEOPLE_CSV_HEADER.join(',');
const ORGANISATIONS = new Map([
  ['EAHSCP', 'org-east'],
  ['NAHSCP', 'org-north'],
]);

/** What the import does with a file: check it all, then, if it is fine, read its rows in batches (of 2 here). */
async function readPeopleCsv(text: string | (() => CsvTextSource), organisationIds: ReadonlyMap<string, string>) {
  const source = typeof text === 'string' ? () => text : text;
  const check = await checkPeopleCsv(source(), organisationIds);
  const rows: PeopleCsvRow[] = [];
  if (check.errorCount === 0) {
    for await (const batch of peopleCsvRows(source(), organisationIds, 2)) {
      expect(batch.length).toBeLessThanOrEqual(2);
      rows.push(...batch);
    }
  }
  return { ...check, rows };
}

describe('checkPeopleCsv and peopleCsvRows', () => {
  it('reads valid rows, resolving organisation codes case-insensitively and flags from yes/no words', async () => {
    const csv = `${HEADER}\nAilsa Boyd,Ailsa.Boyd@example.nhs.uk,eahscp,Children and families,Social worker,yes\nRory Kerr,rory@example.nhs.uk,NAHSCP,,,`;
    expect(await readPeopleCsv(csv, ORGANISATIONS)).toEqual({
      errorCount: 0,
      badLineCount: 0,
      errors: [],
      rows: [
        {
          line: 2,
          name: 'Ailsa Boyd',
          email: 'Ailsa.Boyd@example.nhs.uk',
          emailKey: 'ailsa.boyd@example.nhs.uk',
          organisationId: 'org-east',
          team: 'Children and families',
          jobTitle: 'Social worker',
          newlyQualified: true,
        },
        {
          line: 3,
          name: 'Rory Kerr',
          email: 'rory@example.nhs.uk',
          emailKey: 'rory@example.nhs.uk',
          organisationId: 'org-north',
          team: null,
          jobTitle: null,
          newlyQualified: false,
        },
      ],
    });
  });

  it('accepts what Excel writes: a byte-order mark, CRLF and blank rows', async () => {
    const csv = `\uFEFF${HEADER}\r\nA B,a@example.nhs.uk,EAHSCP,,,TRUE\r\n,,,,,\r\n\r\nC D,c@example.nhs.uk,EAHSCP,,,0\r\n`;
    const { rows, errors } = await readPeopleCsv(csv, ORGANISATIONS);
    expect(errors).toEqual([]);
    expect(rows.map((row) => [row.line, row.newlyQualified])).toEqual([
      [2, true],
      [5, false],
    ]);
  });

  it('reports every bad field of every bad row, by the line the row starts on', async () => {
    const csv = [
      HEADER,
      '"Multi\nline name",good@example.nhs.uk,EAHSCP,,,no',
      ',not-an-address,NOPE,,,maybe',
      `${'x'.repeat(201)},GOOD@example.nhs.uk,EAHSCP,${'t'.repeat(201)},${'j'.repeat(201)},no`,
      'too,few,fields',
    ].join('\n');
    const { rows, errors } = await readPeopleCsv(csv, ORGANISATIONS);
    // Line 2 is fine, but nothing of a file with bad lines is imported.
    expect(rows).toEqual([]);
    expect(errors.map(({ line, field }) => `${line}:${field}`)).toEqual([
      '4:name',
      '4:email',
      '4:organisation',
      '4:newlyQualified',
      '5:name',
      '5:email',
      '5:team',
      '5:jobTitle',
      '6:row',
    ]);
    expect(errors.find((e) => e.line === 5 && e.field === 'email')!.message).toMatch(/line 2/);
  });

  it('refuses a file whose header is not exactly the expected one', async () => {
    const { rows, errors } = await readPeopleCsv('name,email,organisation,team,job title,newlyQualified\nA,a@example.nhs.uk,EAHSCP,,,no', ORGANISATIONS);
    expect(rows).toEqual([]);
    expect(errors).toEqual([{ line: 1, field: 'header', message: expect.stringContaining(HEADER) }]);
  });

  it('refuses an empty file and a file that is not CSV, naming the line', async () => {
    expect((await readPeopleCsv('', ORGANISATIONS)).errors).toEqual([{ line: 1, field: 'header', message: expect.any(String) }]);
    const unclosed = await readPeopleCsv(`${HEADER}\n"A,a@example.nhs.uk,EAHSCP,,,no\n`, ORGANISATIONS);
    expect(unclosed.errors).toEqual([{ line: 2, field: 'file', message: expect.stringMatching(/not valid CSV/) }]);
  });

  it('reads text that arrives in pieces cut anywhere, as from the network', async () => {
    const csv = `${HEADER}\r\n"Campbell, Eilidh",eilidh@example.nhs.uk,EAHSCP,"Children\r\nand families",,yes\r\nRory Kerr,rory@example.nhs.uk,NAHSCP,,,no\r\n`;
    const whole = await readPeopleCsv(csv, ORGANISATIONS);
    expect(whole.rows.map((row) => [row.line, row.team])).toEqual([
      [2, 'Children\r\nand families'],
      [4, null],
    ]);
    for (const size of [1, 3, 17]) {
      async function* pieces() {
        for (let start = 0; start < csv.length; start += size) yield csv.slice(start, start + size);
      }
      expect(await readPeopleCsv(pieces, ORGANISATIONS)).toEqual(whole);
    }
  });

  it('refuses a NUL character in any cell, naming the line and the column', async () => {
    const csv = `${HEADER}\nA B,a@example.nhs.uk,EAHSCP,,,no\nC\0D,c@example.nhs.uk,EAHSCP,Duty\0,,no\n`;
    const { rows, errors } = await readPeopleCsv(csv, ORGANISATIONS);
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { line: 3, field: 'name', message: expect.stringMatching(/NUL/) },
      { line: 3, field: 'team', message: expect.stringMatching(/NUL/) },
    ]);
  });

  it('says a header full of NUL characters is probably UTF-16', async () => {
    const utf16AsBytes = [...`${HEADER}\n`].map((c) => `${c}\0`).join('');
    const { errors } = await readPeopleCsv(utf16AsBytes, ORGANISATIONS);
    expect(errors).toEqual([{ line: 1, field: 'header', message: expect.stringMatching(/UTF-16.*CSV UTF-8/) }]);
  });

  it(`lists the problems of the first ${MAX_LISTED_LINES} bad lines and counts them all`, async () => {
    const bad = Array.from({ length: 250 }, (_, i) => `,bad.${i}@,EAHSCP,,,no`);
    const { rows, errors, errorCount, badLineCount } = await readPeopleCsv([HEADER, 'Good,good@example.nhs.uk,EAHSCP,,,no', ...bad].join('\n'), ORGANISATIONS);
    expect(rows).toEqual([]);
    expect({ errorCount, badLineCount }).toEqual({ errorCount: 500, badLineCount: 250 });
    expect(errors).toHaveLength(2 * MAX_LISTED_LINES);
    expect(new Set(errors.map((e) => e.line))).toEqual(new Set(Array.from({ length: MAX_LISTED_LINES }, (_, i) => i + 3)));
  });
});
