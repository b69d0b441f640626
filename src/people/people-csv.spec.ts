import { parsePeopleCsv, PEOPLE_CSV_HEADER } from './people-csv';

const HEADER = PEOPLE_CSV_HEADER.join(',');
const ORGANISATIONS = new Map([
  ['EAHSCP', 'org-east'],
  ['NAHSCP', 'org-north'],
]);

describe('parsePeopleCsv', () => {
  it('reads valid rows, resolving organisation codes case-insensitively and flags from yes/no words', () => {
    const csv = `${HEADER}\nAilsa Boyd,Ailsa.Boyd@example.nhs.uk,eahscp,Children and families,Social worker,yes\nRory Kerr,rory@example.nhs.uk,NAHSCP,,,`;
    expect(parsePeopleCsv(csv, ORGANISATIONS)).toEqual({
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

  it('accepts what Excel writes: a byte-order mark, CRLF and blank rows', () => {
    const csv = `\uFEFF${HEADER}\r\nA B,a@example.nhs.uk,EAHSCP,,,TRUE\r\n,,,,,\r\n\r\nC D,c@example.nhs.uk,EAHSCP,,,0\r\n`;
    const { rows, errors } = parsePeopleCsv(csv, ORGANISATIONS);
    expect(errors).toEqual([]);
    expect(rows.map((row) => [row.line, row.newlyQualified])).toEqual([
      [2, true],
      [5, false],
    ]);
  });

  it('reports every bad field of every bad row, by the line the row starts on', () => {
    const csv = [
      HEADER,
      '"Multi\nline name",good@example.nhs.uk,EAHSCP,,,no',
      ',not-an-address,NOPE,,,maybe',
      `${'x'.repeat(201)},GOOD@example.nhs.uk,EAHSCP,${'t'.repeat(201)},${'j'.repeat(201)},no`,
      'too,few,fields',
    ].join('\n');
    const { rows, errors } = parsePeopleCsv(csv, ORGANISATIONS);
    expect(rows.map((row) => row.line)).toEqual([2]);
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

  it('refuses a file whose header is not exactly the expected one', () => {
    const { rows, errors } = parsePeopleCsv('name,email,organisation,team,job title,newlyQualified\nA,a@example.nhs.uk,EAHSCP,,,no', ORGANISATIONS);
    expect(rows).toEqual([]);
    expect(errors).toEqual([{ line: 1, field: 'header', message: expect.stringContaining(HEADER) }]);
  });

  it('refuses an empty file and a file that is not CSV, naming the line', () => {
    expect(parsePeopleCsv('', ORGANISATIONS).errors).toEqual([{ line: 1, field: 'header', message: expect.any(String) }]);
    const unclosed = parsePeopleCsv(`${HEADER}\n"A,a@example.nhs.uk,EAHSCP,,,no\n`, ORGANISATIONS);
    expect(unclosed.errors).toEqual([{ line: 2, field: 'file', message: expect.stringMatching(/not valid CSV/) }]);
  });
});
