import { Readable } from 'node:stream';
import type { CsvCharset } from './csv-body.decorator';
import { receiveCsvText } from './csv-text';
import { CsvEncodingError, CsvTooLargeError } from './people.errors';

async function textOf(chunks: Buffer[], charset: CsvCharset = 'utf-8', limitBytes = 1024): Promise<string> {
  const received = await receiveCsvText({ body: Readable.from(chunks), charset }, limitBytes);
  let text = '';
  for await (const piece of received.pieces()) text += piece;
  return text;
}

/** Every way of cutting the bytes in two: a character split across chunks must still decode. */
const cuts = (bytes: Buffer) => Array.from({ length: bytes.length + 1 }, (_, at) => [bytes.subarray(0, at), bytes.subarray(at)]);

describe('receiveCsvText', () => {
  it('decodes UTF-8 cut anywhere, dropping a byte-order mark', async () => {
    const bytes = Buffer.from('\uFEFFname\nÒran MacÌomhair,Ealasaid 🙂\n', 'utf8');
    for (const chunks of cuts(bytes)) expect(await textOf(chunks)).toBe('name\nÒran MacÌomhair,Ealasaid 🙂\n');
  });

  it('refuses Windows-1252 bytes sent as UTF-8, naming the line and saying how to save the file', async () => {
    const bytes = Buffer.concat([Buffer.from('name\nAilsa\r\n'), Buffer.from([0x52, 0xe9, 0x6e, 0xe9, 0x65, 0x0a])]);
    for (const chunks of cuts(bytes)) {
      const error = await textOf(chunks).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CsvEncodingError);
      expect((error as CsvEncodingError).errors).toEqual([{ line: 3, field: 'file', message: expect.stringMatching(/not UTF-8.*line 3.*CSV UTF-8/) }]);
    }
  });

  it('refuses a file that ends inside a character', async () => {
    const error = await textOf([Buffer.from('a\nb\n'), Buffer.from([0xc3])]).catch((e: unknown) => e);
    expect((error as CsvEncodingError).errors?.[0]).toMatchObject({ line: 3 });
  });

  it('reads Windows-1252 when the request says so, Excel\'s typographic marks included', async () => {
    expect(await textOf([Buffer.from([0x52, 0xe9, 0x6e, 0xe9, 0x65, 0x20, 0x80])], 'windows-1252')).toBe('Rénée €');
    const marks = Buffer.from([0x4f, 0x92, 0x42, 0x20, 0x93, 0x96, 0x94, 0x20, 0x8a, 0x9f, 0x85]);
    expect(await textOf([marks], 'windows-1252')).toBe('O’B “–” ŠŸ…');
  });

  it('refuses the bytes Windows-1252 leaves undefined, naming the line', async () => {
    const error = await textOf([Buffer.from('a\nb\n'), Buffer.from([0x63, 0x81, 0x0a])], 'windows-1252').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvEncodingError);
    expect((error as CsvEncodingError).errors).toEqual([{ line: 3, field: 'file', message: expect.stringMatching(/not Windows-1252.*line 3/) }]);
  });

  it('stops at the limit', async () => {
    expect(await textOf([Buffer.alloc(600, 'a'), Buffer.alloc(424, 'a')])).toHaveLength(1024);
    await expect(textOf([Buffer.alloc(600, 'a'), Buffer.alloc(425, 'a')])).rejects.toBeInstanceOf(CsvTooLargeError);
  });
});
