import { DomainError, InvalidInputError } from '../common/domain-error';
import type { CsvCharset, CsvUpload } from './csv-body.decorator';
import { CsvEncodingError, CsvTooLargeError } from './people.errors';

const LINE_FEED = 0x0a;

/**
 * An uploaded file, received whole and checked to be text in its charset. Kept as the bytes that
 * came (outside the JavaScript heap) and decoded again, piece by piece, each time it is read, so
 * a 10 MB file costs 10 MB however often it is gone through.
 */
export class CsvText {
  constructor(
    private readonly chunks: Buffer[],
    private readonly charset: CsvCharset,
  ) {}

  async *pieces(): AsyncGenerator<string> {
    const decoder = decoderFor(this.charset);
    for (const chunk of this.chunks) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }
}

/**
 * Reads the upload to its end: at most `limitBytes` (413 beyond), decoded strictly by the charset
 * the request declared. A Windows-1252 export sent as UTF-8 is refused, naming the line, instead
 * of having its accented letters replaced by U+FFFD; a UTF-8 byte-order mark is dropped. When
 * reading stops early the rest of the body is discarded as it arrives, never kept, so the answer
 * can go out.
 */
export async function receiveCsvText(upload: CsvUpload, limitBytes: number): Promise<CsvText> {
  const decoder = decoderFor(upload.charset);
  const position = new LinePosition();
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of upload.body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > limitBytes) throw new CsvTooLargeError(limitBytes);
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        throw new CsvEncodingError(upload.charset, position.lineOfInvalid(chunk, upload.charset));
      }
      position.advance(chunk);
      chunks.push(chunk);
    }
    try {
      decoder.decode();
    } catch {
      // The file ends inside a character.
      throw new CsvEncodingError(upload.charset, position.line);
    }
    return new CsvText(chunks, upload.charset);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    // The client went away or broke the upload off; nobody may be left to read the answer.
    throw new InvalidInputError('The upload broke off before the end of the file; nothing was imported.');
  } finally {
    if (!upload.body.readableEnded) upload.body.resume();
  }
}

interface Decoder {
  decode(bytes?: Uint8Array, options?: { stream?: boolean }): string;
}

function decoderFor(charset: CsvCharset): Decoder {
  return charset === 'utf-8' ? new TextDecoder('utf-8', { fatal: true }) : new Windows1252Decoder();
}

/**
 * Windows-1252 as WHATWG defines it, except that the five bytes it leaves undefined are refused
 * rather than read as control characters. Node's own TextDecoder('windows-1252') reads
 * 0x80–0x9F as Latin-1 control characters in some versions, which would turn Excel's ’ € “ ” into
 * invisible ones.
 */
export class Windows1252Decoder {
  /** What 0x80–0x9F stand for; empty where Windows-1252 defines nothing. */
  private static readonly HIGH = [
    '€', '', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '', 'Ž', '',
    '', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '', 'ž', 'Ÿ',
  ];

  static isDefined(byte: number): boolean {
    return byte < 0x80 || byte > 0x9f || Windows1252Decoder.HIGH[byte - 0x80] !== '';
  }

  /** Same shape as TextDecoder.decode; every character is one byte, so there is never anything left over. */
  decode(bytes?: Uint8Array, _options?: { stream?: boolean }): string {
    if (!bytes) return '';
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      .toString('latin1')
      .replace(/[\x80-\x9f]/g, (c) => {
        const letter = Windows1252Decoder.HIGH[c.charCodeAt(0) - 0x80];
        if (!letter) throw new RangeError('not Windows-1252');
        return letter;
      });
  }
}

/** Where the decoder is in the file: the line it is on, and that line's bytes so far. */
export class LinePosition {
  /** The line on which `partial` starts (the first line is 1). */
  line = 1;
  private partial: Buffer[] = [];

  /** Records a chunk that decoded well. */
  advance(chunk: Buffer): void {
    const lastLineFeed = chunk.lastIndexOf(LINE_FEED);
    if (lastLineFeed === -1) {
      this.partial.push(chunk);
      return;
    }
    for (let at = chunk.indexOf(LINE_FEED); at !== -1; at = chunk.indexOf(LINE_FEED, at + 1)) this.line++;
    // A copy, so the chunk itself can be freed.
    this.partial = [Buffer.from(chunk.subarray(lastLineFeed + 1))];
  }

  /**
   * The line of the first bytes in `chunk` that are not text in `charset`, everything before it
   * having decoded well. A line feed is never part of a multi-byte character, so each line can
   * be checked on its own.
   */
  lineOfInvalid(chunk: Buffer, charset: CsvCharset): number {
    const bytes = Buffer.concat([...this.partial, chunk]);
    let line = this.line;
    for (let start = 0; ; line++) {
      const end = bytes.indexOf(LINE_FEED, start);
      const lineBytes = bytes.subarray(start, end === -1 ? undefined : end);
      if (!isText(lineBytes, charset, end === -1)) return line;
      if (end === -1) return line;
      start = end + 1;
    }
  }
}

/** `unfinished`: the bytes may end inside a character that the next chunk completes. */
function isText(bytes: Buffer, charset: CsvCharset, unfinished: boolean): boolean {
  if (charset === 'windows-1252') return bytes.every((byte) => Windows1252Decoder.isDefined(byte));
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: unfinished });
    return true;
  } catch {
    return false;
  }
}
