import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { DatabaseUnavailableError } from '../database/database-unavailable';

class HealthDto {
  /** Always "ok" when the service answers 200. */
  status: 'ok';
  /** "up" when a query against the database succeeded. */
  database: 'up';
}

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({
    description:
      'The database does not answer: problem details of type urn:training-tracker:problem:database-unavailable with "database": "down", and Retry-After.',
  })
  async check(): Promise<HealthDto> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      // Whatever failed, a health check that cannot query the database reports it down.
      throw new DatabaseUnavailableError();
    }
    return { status: 'ok', database: 'up' };
  }
}
