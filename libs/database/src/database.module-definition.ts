import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { DatabaseLocation } from './database-endpoint';
import type { PersistenceParts } from './data-source-options';

export interface DatabaseModuleOptions extends DatabaseLocation, PersistenceParts {
  poolSize?: number;
  logging?: boolean;
  /** The PostgreSQL schema of every table (TypeORM's `schema`); it must exist. The search path's first by default. */
  schema?: string;
}

export const {
  ConfigurableModuleClass: ConfigurableDatabaseModule,
  MODULE_OPTIONS_TOKEN: DATABASE_MODULE_OPTIONS,
  OPTIONS_TYPE: DATABASE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: DATABASE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<DatabaseModuleOptions>()
  .setClassMethodName('forRoot')
  // TypeORM's DataSource is always global (TypeOrmModule's own choice); this makes the endpoint and options global too.
  .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

export const DATABASE_ENDPOINT = Symbol('DATABASE_ENDPOINT');
