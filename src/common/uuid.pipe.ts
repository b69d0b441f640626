import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InvalidInputError } from './domain-error';

/**
 * Path and query ids must be UUIDs: anything else is a 400 that names the parameter in
 * `errors`, like every other invalid field (Nest's ParseUUIDPipe names none).
 */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && isUUID(value)) return value;
    const field = metadata.data ?? 'id';
    throw new InvalidInputError(`${field} must be a UUID.`, [{ field, message: 'must be a UUID' }]);
  }
}
