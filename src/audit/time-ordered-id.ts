import { randomBytes } from 'node:crypto';

let lastMs = -1;
let counter = 0;

/**
 * A UUID version 7 (RFC 9562): the millisecond of `at` first, then a counter that grows within
 * that millisecond, then random bits. Ids made by one process sort in the order they were made,
 * so changes recorded in the same millisecond still list in order.
 */
export function timeOrderedId(at: Date): string {
  const ms = at.getTime();
  counter = ms === lastMs ? (counter + 1) & 0xfff : 0;
  lastMs = ms;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes.writeUInt16BE(0x7000 | counter, 6);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
