import { INestApplication, Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { sessionJwtGrpcOptions, WHOAMI_PROTO } from '@authkit/session-jwt/native-grpc';
import { addAuthkitSecurity } from '@authkit/core';
import { RequestLoggerMiddleware } from '@authkit/core/internal';
import {
  demoAppSettingsFromEnv,
  type DemoAppSettings,
  trustProxyWarning,
} from './demo-app-settings';
import { configureExpress, configureFastify, platformOf } from './http-platform';

export {
  type DemoAppSettings,
  demoAppSettingsFromEnv,
  trustProxyWarning,
} from './demo-app-settings';

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
  // Every scheme mounted in this app declares its security schemes.
  addAuthkitSecurity(app, builder);
  const document = SwaggerModule.createDocument(app, builder.build());
  SwaggerModule.setup('docs', app, document);
}
