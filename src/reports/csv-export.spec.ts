import { Readable } from 'node:stream';
import { csvStream, neutraliseCell } from './csv-export';

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

describe('CSV export', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const risky of ['=SUM(A1)', '+44 1292', '-1', '@cmd', '\tx', '\rx']) expect(neutraliseCell(risky)).toBe(`'${risky}`);
    for (const safe of ['Adult services', "O'Neil", ' =x', '']) expect(neutraliseCell(safe)).toBe(safe);
  });

  it('writes a BOM, a header, quoted special characters, yes/no, ISO dates and empty nulls', async () => {
    async function* rows() {
      yield { name: 'Seonaidh Mac Giolla Bhrìghde', team: '=HYPERLINK("x")', trained: true, at: new Date('2026-03-31T23:30:00Z') };
      yield { name: null, team: 'Ward 1, Crosshouse', trained: false, at: null };
    }
    const csv = await text(
      csvStream(
        [
          { key: 'name', header: 'name' },
          { key: 'team', header: 'team' },
          { key: 'trained', header: 'trained' },
          { key: 'at', header: 'at' },
        ],
        rows(),
      ),
    );
    expect(csv).toBe(
      '\ufeffname,team,trained,at\n' +
        'Seonaidh Mac Giolla Bhrìghde,"\'=HYPERLINK(""x"")",yes,2026-03-31T23:30:00.000Z\n' +
        ',"Ward 1, Crosshouse",no,\n',
    );
  });

  it('fails the stream when the source fails, so a truncated file is not taken for a whole one', async () => {
    async function* failing() {
      yield { name: 'a' };
      throw new Error('database went away');
    }
    await expect(text(csvStream([{ key: 'name', header: 'name' }], failing()))).rejects.toThrow('database went away');
  });
});
