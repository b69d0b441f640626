import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Environment } from '../config/environment';
import { createDataSource, dataSourceOptions } from './data-source-options';
import { Transactions } from './transactions';

/** The database connection, with the committed migrations run at start-up. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [Environment],
      useFactory: (environment: Environment) => ({ ...dataSourceOptions(environment.DATABASE_URL), migrationsRun: true }),
      dataSourceFactory: async (options) => createDataSource(options!).initialize(),
    }),
  ],
  providers: [Transactions],
  exports: [Transactions],
})
export class DatabaseModule {}
