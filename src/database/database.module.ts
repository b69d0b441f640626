import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Environment } from '../config/environment';
import { createDataSource, dataSourceOptions, runPendingMigrations } from './data-source-options';
import { Transactions } from './transactions';

/** The database connection, with the committed migrations run at start-up. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [Environment],
      useFactory: (environment: Environment) => dataSourceOptions(environment.DATABASE_URL, environment.DATABASE_POOL_SIZE),
      dataSourceFactory: async (options) => {
        const dataSource = await createDataSource(options!).initialize();
        await runPendingMigrations(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [Transactions],
  exports: [Transactions],
})
export class DatabaseModule {}
