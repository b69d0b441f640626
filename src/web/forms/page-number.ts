import { type FormBody, textField } from './form-fields';

/** The `page` of a list's address: anything but a whole number from 1 is the first page. */
export function pageNumber(query: FormBody): number {
  const page = Number(textField(query, 'page'));
  return Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1;
}
