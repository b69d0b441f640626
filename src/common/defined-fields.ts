/**
 * The fields of a partial update that the caller actually sent. DTO instances carry every
 * declared property (ES2022 class fields), unsent ones as `undefined`; `null` is kept, as it
 * means "clear this".
 */
export function definedFields<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
