import type { INestApplication, ModuleMetadata, Provider, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import {
  AuthCoreModule,
  type AuthCoreModuleOptions,
  HttpExceptionFilter,
  LoginThrottleModule,
  loginThrottleMigrations,
  ManualClock,
} from '@authkit/core';
import { DatabaseModule } from '@authkit/database';
import { identityEntities, identityMigrations, IdentityModule } from '@authkit/identity';
import type { DataSourceOptions } from 'typeorm';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  configureExpress,
  configureFastify,
  createHttpAdapter,
  httpPlatformFromEnv,
} from '../../apps/demo/src/http-platform';
import { createTestDatabase, hostSchema, type TestDatabase } from './test-database';

export interface HostApp {
  app: INestApplication;
  baseUrl: string;
  db: TestDatabase;
  clock: ManualClock;
  close(): Promise<void>;
}

export interface HostAppOptions {
  label: string;
  /** The package's entities and migrations; authkit's users and the login counters come with them. */
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  /** The package's module(s), mounted as its README says. */
  imports: NonNullable<ModuleMetadata['imports']>;
  controllers?: Type[];
  providers?: Provider[];
  now?: Date;
  /** Login limits; high enough never to trip by default (a suite about them sets its own). */
  throttle?: Parameters<typeof LoginThrottleModule.forRoot>[0];
  /** What the host's main.ts does to the app before it listens (a JSON-RPC text body, say). */
  configure?: (app: INestApplication) => void | Promise<void>;
  /** Reuse a database (a second instance on the same data); a fresh one by default. */
  db?: TestDatabase;
  /** What the test changes in the testing module before it compiles (`overrideGuard`...). */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** The core's options besides the clock (an `onRefusal` hook, a meter provider). */
  core?: Omit<AuthCoreModuleOptions, 'clock'>;
}

/**
 * A host app of a package's own, not the demo: a database of its own (in the
 * host schema when the project asks for one), authkit's users, the package's
 * entities and migrations run for real, a `ManualClock`, the modules and
 * controllers the test names, on the project's HTTP platform, over real HTTP.
 */
export async function startHostApp(options: HostAppOptions): Promise<HostApp> {
  const db = options.db ?? (await createTestDatabase(options.label));
  const clock = new ManualClock(options.now ?? new Date('2026-03-01T12:00:00Z'));
  const unthrottled = { limit: 1_000_000, windowSeconds: 60 };
  @Module({
    imports: [
      AuthCoreModule.forRoot({ ...options.core, clock }),
      DatabaseModule.forRoot({
        databaseUrl: db.url,
        schema: hostSchema(),
        entities: [...identityEntities, ...(options.entities as [])],
        migrations: [
          ...identityMigrations,
          ...loginThrottleMigrations,
          ...(options.migrations as []),
        ],
      }),
      LoginThrottleModule.forRoot(
        options.throttle ?? {
          perAddress: unthrottled,
          perAccount: unthrottled,
          perService: unthrottled,
          accountCeiling: unthrottled,
        },
      ),
      IdentityModule.forRoot({}),
      ...options.imports,
    ],
    controllers: options.controllers ?? [],
    providers: options.providers ?? [],
  })
  class HostModule {}
  const builder = Test.createTestingModule({ imports: [HostModule] });
  const moduleRef = await (options.override?.(builder) ?? builder).compile();
  const platform = httpPlatformFromEnv();
  const settings = { trustProxy: false, bodyLimit: '64kb', logRequests: false };
  const app = moduleRef.createNestApplication(createHttpAdapter(platform, settings), {
    bodyParser: false,
    logger: ['error'],
  });
  // The body parsers as the demo's main.ts sets them: JSON, forms and JSON-RPC's text, each
  // malformed body named (Nest's own parsers would answer a plain 400).
  if (platform === 'fastify') configureFastify(app as NestFastifyApplication);
  else configureExpress(app as NestExpressApplication, settings);
  app.useGlobalFilters(new HttpExceptionFilter(app.get(HttpAdapterHost)));
  try {
    await options.configure?.(app);
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    // A start that fails (as some tests want) leaves no pool or database behind.
    await app.close().catch(() => undefined);
    if (!options.db) await db.drop();
    throw error;
  }
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  return {
    app,
    baseUrl,
    db,
    clock,
    async close() {
      await app.close();
      if (!options.db) await db.drop();
    },
  };
}
