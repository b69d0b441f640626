import { checkPastedText, decodeHrFile, detectDelimiter, firstRow, inspectHrCsv, toPeopleCsv, UnreadableFileError } from './hr-csv';

const ORGANISATIONS = [
  { code: 'EAHSCP', name: 'East Ayrshire Health and Social Care Partnership' },
  { code: 'NAHSCP', name: 'North Ayrshire Health and Social Care Partnership' },
];
const OWN = { name: 0, email: 1, organisation: 2, team: 3, jobTitle: 4, newlyQualified: 5 };
const HEADER = 'name,email,organisation,team,jobTitle,newlyQualified';

function refusal(run: () => unknown): UnreadableFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof UnreadableFileError) return error;
    throw error;
  }
  throw new Error('no refusal');
}

describe('decodeHrFile', () => {
  it('reads UTF-8, without its byte-order mark', () => {
    expect(decodeHrFile(Buffer.from('\uFEFFname\nZoë', 'utf8'))).toEqual({ text: 'name\nZoë', encoding: 'utf-8' });
  });

  it('reads bytes that are not UTF-8 as Windows-1252, as Excel writes plain CSV', () => {
    const bytes = Buffer.from([0x53, 0x69, 0x6f, 0x62, 0x68, 0xe1, 0x6e, 0x20, 0x92, 0x80]);
    expect(decodeHrFile(bytes)).toEqual({ text: 'Siobhán ’€', encoding: 'windows-1252' });
  });

  it('reads UTF-16 with a byte-order mark (Excel’s Unicode text)', () => {
    const text = 'name\temail\nÒran\toran@example.test';
    expect(decodeHrFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual({ text, encoding: 'utf-16le' });
  });

  it('says what a file is when it is not CSV at all', () => {
    expect(refusal(() => decodeHrFile(Buffer.alloc(0))).message).toBe('The file is empty.');
    expect(refusal(() => decodeHrFile(Buffer.from('\r\n \r\n'))).code).toBe('file-empty');
    expect(refusal(() => decodeHrFile(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).message).toMatch(/Excel workbook, not a CSV file/);
    expect(refusal(() => decodeHrFile(Buffer.from('%PDF-1.7\n')))).toMatchObject({ code: 'file-not-csv' });
    const binary = refusal(() => decodeHrFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00])));
    expect(binary.message).toMatch(/not a CSV file/);
  });

  it('names the line of a stray control character further down', () => {
    const error = refusal(() => decodeHrFile(Buffer.from(`${HEADER}\nA,a@x.test,EAHSCP,,,\nB\u0000,b@x.test,EAHSCP,,,\n`)));
    expect(error.errors).toEqual([{ line: 3, field: 'file', message: expect.stringMatching(/line 3 holds characters/) as string }]);
  });
});

describe('checkPastedText', () => {
  it('drops a byte-order mark and refuses blank text', () => {
    expect(checkPastedText('\uFEFFa,b')).toBe('a,b');
    expect(refusal(() => checkPastedText('  \n ')).code).toBe('file-empty');
  });
});

describe('detectDelimiter', () => {
  it('takes the separator the header line uses most, outside quotes', () => {
    expect(detectDelimiter('a,b,c\n1;2;3;4;5')).toBe(',');
    expect(detectDelimiter('Name;E-mail;Team\r\n')).toBe(';');
    expect(detectDelimiter('Name\tE-mail\n')).toBe('\t');
    expect(detectDelimiter('"a;b;c",d\n')).toBe(',');
    expect(detectDelimiter('name\n')).toBe(',');
  });
});

describe('inspectHrCsv and firstRow', () => {
  it('reads the headings and counts the rows, blank lines aside', async () => {
    const text = '\n Full name ,Email\r\nA,a@x.test\n\n,\nB,b@x.test\n';
    expect(await inspectHrCsv(text)).toEqual({ delimiter: ',', headings: ['Full name', 'Email'], rows: 2 });
    expect(await firstRow(text, ',')).toEqual(['A', 'a@x.test']);
  });

  it('refuses a file with headings and nobody under them', async () => {
    await expect(inspectHrCsv('name,email\n\n')).rejects.toMatchObject({ code: 'file-no-rows' });
  });

  it('names the line where the CSV breaks', async () => {
    const error = (await inspectHrCsv('a,b\n1,2\n"3,4\n').catch((e: unknown) => e)) as UnreadableFileError;
    expect(error).toBeInstanceOf(UnreadableFileError);
    expect(error.message).toMatch(/quotation mark opens a field that never closes/);
  });
});

describe('toPeopleCsv', () => {
  it('gives an HR export our columns, keeping every row on its own line number', async () => {
    const text = [
      'Employee number,First name,Surname,Email address,Partnership,Team,Job title,NQSW',
      '1,Ailsa,Boyd,ailsa@x.test,East Ayrshire Health and Social Care Partnership,"Children,',
      'families",Social worker,yes',
      '',
      '2,Rory,Kerr,rory@x.test,nahscp,,,',
    ].join('\r\n');
    const result = await toPeopleCsv(text, {
      delimiter: ',',
      mapping: { firstName: 1, lastName: 2, email: 3, organisation: 4, team: 5, jobTitle: 6, newlyQualified: 7 },
      organisations: ORGANISATIONS,
    });
    expect(result.csv).toBe(`${HEADER}\nAilsa Boyd,ailsa@x.test,EAHSCP,"Children,\nfamilies",Social worker,yes\n\nRory Kerr,rory@x.test,NAHSCP,,,\n`);
    expect(result.problems).toEqual([]);
  });

  it('reads any mix of CRLF, LF and CR line ends, which csv-parse alone runs together', async () => {
    const text = `${HEADER}\r\nA,a@x.test,EAHSCP,,,\nB,b@x.test,EAHSCP,,,\rC,c@x.test,EAHSCP,,,\r\n`;
    const result = await toPeopleCsv(text, { delimiter: ',', mapping: OWN, organisations: ORGANISATIONS });
    expect(result.csv.split('\n').map((line) => line.split(',')[0])).toEqual(['name', 'A', 'B', 'C', '']);
  });

  it('pads a row whose line breaks were in a column left out, so later rows keep their numbers', async () => {
    const text = 'Name,Notes,Email,Org\nA,"two\nlines",a@x.test,EAHSCP\nB,,b@x.test,EAHSCP\n';
    const result = await toPeopleCsv(text, { delimiter: ',', mapping: { name: 0, email: 2, organisation: 3 }, organisations: ORGANISATIONS });
    expect(result.csv.split('\n')).toEqual([HEADER, 'A,a@x.test,EAHSCP,,,', '', 'B,b@x.test,EAHSCP,,,', '']);
  });

  it('gives everyone the organisation chosen for the whole file', async () => {
    const result = await toPeopleCsv('Name;Email\nA;a@x.test\n', { delimiter: ';', mapping: { name: 0, email: 1 }, organisationForAll: 'NAHSCP', organisations: ORGANISATIONS });
    expect(result.csv).toBe(`${HEADER}\nA,a@x.test,NAHSCP,,,\n`);
  });

  it('leaves an organisation it does not know for the import to report', async () => {
    const result = await toPeopleCsv(`${HEADER}\nA,a@x.test,Nowhere HSCP,,,\n`, { delimiter: ',', mapping: OWN, organisations: ORGANISATIONS });
    expect(result.csv).toContain('A,a@x.test,Nowhere HSCP,,,');
  });

  it('refuses a row with more fields than headings (an unquoted comma) and leaves it blank', async () => {
    const text = `${HEADER}\nBoyd, Ailsa,ailsa@x.test,EAHSCP,,,no\nB,b@x.test,EAHSCP,,,\n`;
    const result = await toPeopleCsv(text, { delimiter: ',', mapping: OWN, organisations: ORGANISATIONS });
    expect(result.problems).toEqual([{ line: 2, field: 'row', message: expect.stringMatching(/7 fields but there are 6 headings: is there a comma/) as string }]);
    expect(result.problemCount).toBe(1);
    expect(result.csv.split('\n')[1]).toBe('');
  });

  it('accepts rows that end early (trailing empty cells left out)', async () => {
    const result = await toPeopleCsv(`${HEADER}\nA,a@x.test,EAHSCP\n`, { delimiter: ',', mapping: OWN, organisations: ORGANISATIONS });
    expect(result.csv).toBe(`${HEADER}\nA,a@x.test,EAHSCP,,,\n`);
  });

  it('lists cells that begin as formulas do, and keeps them as text', async () => {
    const text = `${HEADER}\n"=HYPERLINK(""http://x"")",a@x.test,EAHSCP,+Team,@job,\nB,b@x.test,EAHSCP,-,,\n`;
    const result = await toPeopleCsv(text, { delimiter: ',', mapping: OWN, organisations: ORGANISATIONS });
    expect(result.formulas).toEqual([
      { line: 2, field: 'name', value: '=HYPERLINK("http://x")' },
      { line: 2, field: 'team', value: '+Team' },
      { line: 2, field: 'jobTitle', value: '@job' },
      { line: 3, field: 'team', value: '-' },
    ]);
    expect(result.csv).toContain('"=HYPERLINK(""http://x"")",a@x.test');
  });
});
