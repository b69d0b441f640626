import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

export class ProblemFieldErrorDto {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ example: 'email must be an email' })
  message: string;

  @ApiPropertyOptional({ description: 'CSV imports: the 1-based line of the file.' })
  line?: number;
}

/** RFC 9457 problem details, as every error of this API is answered. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'urn:training-tracker:problem:invalid-input' })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'The request has 1 invalid field.' })
  detail: string;

  @ApiPropertyOptional({ example: '/api/bookings' })
  instance?: string;

  @ApiPropertyOptional({ description: 'Quote it when reporting a problem; also in the X-Correlation-Id header.' })
  correlationId?: string;

  @ApiPropertyOptional({ type: [ProblemFieldErrorDto] })
  errors?: ProblemFieldErrorDto[];

  @ApiPropertyOptional({ description: 'When `errors` lists only the first errors (CSV imports): how many there are in all.' })
  errorCount?: number;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed or invalid input; every invalid field is listed in `errors`.',
  401: 'No credentials, or unknown, expired or revoked ones.',
  403: "The caller's role may not do this.",
  404: 'Unknown id, or an object the caller may not see.',
  409: 'Conflicts with the current state.',
  413: 'The body is larger than 1 MB.',
  422: 'A business rule refuses it.',
  429: 'Too many attempts; see Retry-After.',
};

/** Documents the problem-details answers a route can give. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Problem details.',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } },
      }),
    ),
  );
}
