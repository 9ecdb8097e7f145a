import { INestApplication, Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { sessionJwtGrpcOptions, WHOAMI_PROTO } from '@authkit/session-jwt/native-grpc';
import { addAuthkitSecurity } from '@authkit/core';
import { RequestLoggerMiddleware } from '@authkit/core/internal';
import { bodyLimitBytes, configureExpress, configureFastify, platformOf } from './http-platform';

export interface DemoAppSettings {
  /** Which proxies may set X-Forwarded-For (Express' `trust proxy`, Fastify's `trustProxy`). */
  trustProxy: boolean | number | string;
  bodyLimit: string;
  /** One log line per request; off when `LOG_LEVEL` is `warn` or `error`, and then not even timed. */
  logRequests: boolean;
}

export function demoAppSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DemoAppSettings {
  const raw = env.TRUST_PROXY;
  let trustProxy: boolean | number | string = false;
  if (raw === 'true') trustProxy = true;
  else if (raw && /^\d+$/.test(raw)) trustProxy = Number(raw);
  else if (raw && raw !== 'false') trustProxy = raw;
  const bodyLimit = env.BODY_LIMIT || '64kb';
  bodyLimitBytes(bodyLimit); // a malformed limit stops the start, naming BODY_LIMIT
  return { trustProxy, bodyLimit, logRequests: !['warn', 'error'].includes(env.LOG_LEVEL ?? '') };
}

/**
 * Native gRPC beside HTTP (a hybrid app): scheme 5's AuthenticationService and
 * the demo's Whoami on `url`. Started by `app.startAllMicroservices()`.
 */
export function connectDemoGrpc(app: INestApplication, url: string): void {
  app.connectMicroservice(
    sessionJwtGrpcOptions(url, [{ package: 'authkit.demo', protoPath: WHOAMI_PROTO }]),
  );
}

/** `GRPC_PORT`: 50051 by default, `0` turns native gRPC off. */
export function grpcPortFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GRPC_PORT ?? '50051';
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535)
    throw new Error(
      `GRPC_PORT must be a port number (0 turns gRPC off), got ${JSON.stringify(raw)}`,
    );
  return Number(raw);
}

/**
 * `TRUST_PROXY=true` trusts every X-Forwarded-For hop: any client then picks
 * its own address, which defeats the per-address rate limits and scheme 3's
 * `remote_ip` check. The warning says what to set instead.
 */
export function trustProxyWarning(trustProxy: DemoAppSettings['trustProxy']): string | undefined {
  if (trustProxy !== true) return undefined;
  return (
    'TRUST_PROXY=true trusts every X-Forwarded-For hop, so any client can choose its own address ' +
    "(per-address rate limits and scheme 3's remote_ip check then mean nothing). " +
    'Set the number of proxies in front of the app (TRUST_PROXY=1) or their addresses (TRUST_PROXY=loopback,10.0.0.0/8).'
  );
}

/**
 * Everything `main.ts` does to the app besides listening, so end-to-end tests
 * run the very same app, on Express or Fastify: body parsers, proxy trust, OpenAPI.
 */
export function configureDemoApp(
  app: INestApplication,
  settings: DemoAppSettings = demoAppSettingsFromEnv(),
): void {
  const warning = trustProxyWarning(settings.trustProxy);
  if (warning) new Logger('TrustProxy').warn(warning);
  if (settings.logRequests) {
    const requestLogger = new RequestLoggerMiddleware();
    app.use(requestLogger.use.bind(requestLogger));
  }
  if (platformOf(app) === 'fastify') configureFastify(app as NestFastifyApplication);
  else configureExpress(app as NestExpressApplication, settings);

  const builder = new DocumentBuilder()
    .setTitle('nest-authkit demo')
    .setDescription(
      'Five authentication schemes as NestJS modules. See SPEC.md for the wire contracts.',
    )
    .setVersion('0.1.0');
  // Every mounted scheme's security schemes (each module registered its own when mounted).
  addAuthkitSecurity(builder);
  const document = SwaggerModule.createDocument(app, builder.build());
  SwaggerModule.setup('docs', app, document);
}
