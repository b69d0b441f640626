import 'dotenv/config';
import { createDataSource, dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI (migration:run / migration:revert): the same options as the app. */
export default createDataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'sqlite:data/training.sqlite'));
