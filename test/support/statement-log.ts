import { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';

/** Records every SQL statement the data source runs, from `start()` on. */
export class StatementLog implements TypeOrmLogger {
  statements: string[] = [];
  private recording = false;
  start(): void {
    this.statements = [];
    this.recording = true;
  }
  stop(): string[] {
    this.recording = false;
    return this.statements;
  }
  /** Waits until no statement has run for a while: the loops' first rounds at start-up are over. */
  async quiet(): Promise<void> {
    this.start();
    for (let seen = -1; seen !== this.statements.length; ) {
      seen = this.statements.length;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    this.stop();
  }
  logQuery(query: string, _parameters?: unknown[], _runner?: QueryRunner): void {
    if (this.recording) this.statements.push(query.replace(/\s+/g, ' ').trim());
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
