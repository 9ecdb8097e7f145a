import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Clock, ManualClock } from '@authkit/core';
import { AppModule } from '../../apps/demo/src/app.module';
import {
  configureDemoApp,
  connectDemoGrpc,
  DemoAppSettings,
} from '../../apps/demo/src/configure-app';
import {
  createHttpAdapter,
  type HttpPlatform,
  httpPlatformFromEnv,
} from '../../apps/demo/src/http-platform';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  /** The base URL of the app listening on a loopback port: tests go through real HTTP. */
  baseUrl: string;
  clock: ManualClock;
  db: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Reuse a database (a second instance on the same data); a fresh one by default. */
  db?: TestDatabase;
  label?: string;
  settings?: Partial<DemoAppSettings>;
  /** Serve native gRPC (scheme 5 and the demo's Whoami) on this loopback port too. */
  grpcPort?: number;
  /** Where the app connects, when not straight to `db` (through a test proxy). */
  databaseUrl?: string;
  /** Express or Fastify; `HTTP_PLATFORM` (the jest project's) by default. */
  platform?: HttpPlatform;
  /** Environment the app's configuration reads while it starts (restored afterwards). */
  env?: Record<string, string>;
}

/** Rate limits high enough never to trip in a suite that is not about them. */
export const UNTHROTTLED_ENV: Record<string, string> = {
  LOGIN_RATE_LIMIT_PER_ADDRESS: '1000000',
  LOGIN_RATE_LIMIT_PER_ACCOUNT: '1000000',
  LOGIN_RATE_LIMIT_PER_SERVICE: '1000000',
};

/** The demo app, configured as main.ts does, on its own database and a manual clock. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase(options.label));
  process.env.DATABASE_URL = options.databaseUrl ?? db.url;
  // Never the generated one under .data/: tests leave nothing in the working tree.
  process.env.MASTER_SECRET ??= 'e2e master secret, at least thirty-two bytes long';
  const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  // Suites log in far more often than a person: limits only where a suite sets its own.
  const env = { ...UNTHROTTLED_ENV, ...options.env };
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile()
    .finally(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });
  const settings: DemoAppSettings = {
    trustProxy: false,
    bodyLimit: '64kb',
    logRequests: true,
    ...options.settings,
  };
  const app = moduleRef.createNestApplication(
    createHttpAdapter(options.platform ?? httpPlatformFromEnv(), settings),
    { bodyParser: false, logger: ['error'] },
  );
  configureDemoApp(app, settings);
  try {
    if (options.grpcPort) {
      connectDemoGrpc(app, `127.0.0.1:${options.grpcPort}`);
      await app.startAllMicroservices();
    }
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    // A start refused (a bootstrap hook threw): close what did start, so nothing outlives the test.
    await app.close().catch(() => undefined);
    if (!options.db) await db.drop().catch(() => undefined);
    throw error;
  }
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    clock,
    db,
    close: async () => {
      await app.close();
      if (!options.db) await db.drop();
    },
  };
}
