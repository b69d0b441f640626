import type { FieldError } from './domain-error';

/** Deeper than any body of this API needs (the deepest, a register, is 3), far below what would exhaust the stack. */
export const MAX_INPUT_DEPTH = 32;

export const NUL_MESSAGE = 'must not contain a NUL character';
export const TOO_DEEP_MESSAGE = `is nested deeper than ${MAX_INPUT_DEPTH} levels`;

/**
 * The first part of a request input (a body, a query or a path parameter) that no route accepts:
 * arrays or objects nested more than MAX_INPUT_DEPTH deep, or a NUL character in a string or an
 * object key (PostgreSQL refuses it in text, SQLite would store it). Null when there is none.
 * `root` names the input itself, e.g. the path parameter `id`; fields inside are named
 * `records.0.status` like class-validator's errors, except that a value too deep is named by its
 * top-level field (its full path would be dozens of levels long). The walk stops at the depth
 * limit, so a 5,000-deep value costs no more than a 33-deep one.
 */
export function findUnsafeInput(value: unknown, root = ''): FieldError | null {
  return walk(value, root, root || (Array.isArray(value) ? 'body' : ''), 0);
}

function walk(value: unknown, field: string, topField: string, depth: number): FieldError | null {
  if (typeof value === 'string') return value.includes('\0') ? { field: readable(field), message: NUL_MESSAGE } : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_INPUT_DEPTH) return { field: readable(topField), message: TOO_DEEP_MESSAGE };
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  for (const [key, item] of entries) {
    const path = field ? `${field}.${key}` : key;
    if (key.includes('\0')) return { field: readable(path), message: NUL_MESSAGE };
    const found = walk(item, path, topField || path, depth + 1);
    if (found) return found;
  }
  return null;
}

/** A field name fit to show: the NUL itself made visible, a runaway path cut short. */
function readable(field: string): string {
  const shown = field.replace(/\0/g, '\\u0000') || 'body';
  return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}
