import type { INestApplication, ModuleMetadata, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuthCoreModule, HttpExceptionFilter, ManualClock } from '@authkit/core';
import { DatabaseModule } from '@authkit/database';
import type { DataSourceOptions } from 'typeorm';
import { createHttpAdapter, httpPlatformFromEnv } from '../../apps/demo/src/http-platform';
import { createTestDatabase, hostSchema, type TestDatabase } from './test-database';

export interface HostApp {
  app: INestApplication;
  baseUrl: string;
  db: TestDatabase;
  clock: ManualClock;
  close(): Promise<void>;
}

/**
 * A host app of a package's own, not the demo: a database of its own (in the
 * host schema when the project asks for one), the given entities and
 * migrations run for real, a `ManualClock`, the modules and controllers the
 * test names, on the project's HTTP platform, over real HTTP.
 */
export async function startHostApp(options: {
  label: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  imports: ModuleMetadata['imports'];
  controllers?: Type[];
  now?: Date;
}): Promise<HostApp> {
  const db = await createTestDatabase(options.label);
  const clock = new ManualClock(options.now ?? new Date('2026-03-01T12:00:00Z'));
  @Module({
    imports: [
      AuthCoreModule.forRoot({ clock }),
      DatabaseModule.forRoot({
        databaseUrl: db.url,
        schema: hostSchema(),
        entities: options.entities,
        migrations: options.migrations,
      }),
      ...(options.imports ?? []),
    ],
    controllers: options.controllers ?? [],
  })
  class HostModule {}
  const moduleRef = await Test.createTestingModule({ imports: [HostModule] }).compile();
  const app = moduleRef.createNestApplication(
    createHttpAdapter(httpPlatformFromEnv(), {
      trustProxy: false,
      bodyLimit: '64kb',
      logRequests: false,
    }),
    { logger: ['error'] },
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  return {
    app,
    baseUrl,
    db,
    clock,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
