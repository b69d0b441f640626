import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../common/clock';
import { runtimeSupport } from './runtime-support';

/** Names the Node.js runtime in the start-up log, with a warning when it is past its end of life. */
@Injectable()
export class RuntimeSupportService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RuntimeSupportService.name);

  constructor(private readonly clock: Clock) {}

  onApplicationBootstrap(): void {
    const { level, message } = runtimeSupport(process.version, this.clock.now());
    if (level === 'warn') this.logger.warn(message);
    else this.logger.log(message);
  }
}
