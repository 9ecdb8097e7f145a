// @authkit/database: an optional convenience for hosts without their own TypeORM set-up (the demo, the CLI, the tests).
export { DatabaseModule } from './database.module';
export {
  DATABASE_MODULE_OPTIONS,
  DATABASE_ENDPOINT,
  type DatabaseModuleOptions,
} from './database.module-definition';
export {
  type DatabaseLocation,
  openDatabaseEndpoint,
  databaseLocationFromEnv,
  type DatabaseEndpoint,
} from './database-endpoint';
export { type PersistenceParts, buildDataSourceOptions } from './data-source-options';
