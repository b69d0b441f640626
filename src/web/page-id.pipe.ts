import { Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { NotFoundError } from '../common/domain-error';

/** An id in a page's address: anything that is not a UUID names nothing, so it is the 404 page. */
@Injectable()
export class PageIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value === 'string' && isUUID(value)) return value;
    throw new NotFoundError('Page');
  }
}
