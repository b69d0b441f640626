import { createParamDecorator, ExecutionContext, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';

/** The request body as CSV text; any other content type is 415. */
export const CsvBody = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<Request>();
  const mediaType = (request.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType !== 'text/csv') throw new UnsupportedMediaTypeException('Send the file with Content-Type: text/csv.');
  return typeof request.body === 'string' ? request.body : '';
});
