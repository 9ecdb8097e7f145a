import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type DatabaseEndpoint, openDatabaseEndpoint } from './database-endpoint';
import { buildDataSourceOptions } from './data-source-options';
import {
  ConfigurableDatabaseModule,
  DATABASE_ASYNC_OPTIONS_TYPE,
  DATABASE_ENDPOINT,
  DATABASE_MODULE_OPTIONS,
  DATABASE_OPTIONS_TYPE,
  DatabaseModuleOptions,
} from './database.module-definition';

/** Closes the connection pool, then stops the embedded server if this process started it. */
@Injectable()
class DatabaseEndpointLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE_ENDPOINT) private readonly endpoint: DatabaseEndpoint,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.endpoint.ownsServer) return;
    try {
      const dataSource = this.moduleRef.get(DataSource, { strict: false });
      if (dataSource.isInitialized) await dataSource.destroy();
    } catch {
      // no data source was created
    }
    await this.endpoint.release();
  }
}

@Module({
  providers: [
    {
      provide: DATABASE_ENDPOINT,
      inject: [DATABASE_MODULE_OPTIONS],
      useFactory: (options: DatabaseModuleOptions) => {
        const logger = new Logger('Database');
        return openDatabaseEndpoint(options, (message) => logger.debug(message));
      },
    },
    DatabaseEndpointLifecycle,
  ],
  exports: [DATABASE_ENDPOINT, DATABASE_MODULE_OPTIONS],
})
class DatabaseEndpointModule extends ConfigurableDatabaseModule {}

/**
 * A convenience for hosts that want it (the demo, the CLI): TypeORM on
 * PostgreSQL at `databaseUrl` when given, otherwise an embedded server under
 * `dataDir`. Migrations run at start. The host passes the entities and
 * migrations of every module it mounts. A host with its own
 * `TypeOrmModule.forRoot` needs none of it.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: typeof DATABASE_OPTIONS_TYPE): DynamicModule {
    return this.around(DatabaseEndpointModule.forRoot(options));
  }

  static forRootAsync(options: typeof DATABASE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return this.around(DatabaseEndpointModule.forRootAsync(options));
  }

  private static around(endpointModule: DynamicModule): DynamicModule {
    return {
      module: DatabaseModule,
      global: endpointModule.global,
      imports: [
        endpointModule,
        TypeOrmModule.forRootAsync({
          imports: [endpointModule],
          inject: [DATABASE_MODULE_OPTIONS, DATABASE_ENDPOINT],
          useFactory: (options: DatabaseModuleOptions, endpoint: DatabaseEndpoint) =>
            buildDataSourceOptions(endpoint.url, options, {
              poolSize: options.poolSize,
              logging: options.logging,
              schema: options.schema,
            }),
        }),
      ],
      exports: [endpointModule],
    };
  }
}
