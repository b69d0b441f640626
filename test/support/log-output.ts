/** One line of the service's structured log (src/common/logging.ts). */
export interface LogLine {
  level: string;
  msg: string;
  context?: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number };
}

/** The JSON log lines in what a process or test wrote; other lines (plain text) are left out. */
export function logLines(output: string): LogLine[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

/** Lines at error or fatal level. */
export function errorLines(lines: LogLine[]): LogLine[] {
  return lines.filter((line) => line.level === 'error' || line.level === 'fatal');
}

/**
 * A stack frame, as a plain stack prints it ("\n    at f (file.js:1:2)") or inside a JSON string,
 * where its newline is the two characters backslash and n.
 */
export const STACK_FRAME = /(?:\n|\\n)\s+at /;
