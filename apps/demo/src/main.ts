import { ConsoleLogger, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import {
  configureDemoApp,
  connectDemoGrpc,
  demoAppSettingsFromEnv,
  grpcPortFromEnv,
} from './configure-app';
import { createHttpAdapter, httpPlatformFromEnv } from './http-platform';
import { demoModuleSettingsFromEnv } from './demo-settings';

const LOG_LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug'];

/** JSON lines by default; `LOG_LEVEL` (error, warn, log, debug) sets how much, `log` (one line per request) by default. */
function createLogger(): ConsoleLogger {
  const chosen = LOG_LEVELS.indexOf((process.env.LOG_LEVEL || 'log') as LogLevel);
  const levels = LOG_LEVELS.slice(0, chosen < 0 ? 3 : chosen + 1);
  return new ConsoleLogger({ json: process.env.LOG_FORMAT !== 'pretty', logLevels: levels });
}

async function bootstrap(): Promise<void> {
  // A malformed setting stops the start with a message naming the variable (checked again when the modules are built).
  demoModuleSettingsFromEnv();
  grpcPortFromEnv();
  const settings = demoAppSettingsFromEnv();
  const platform = httpPlatformFromEnv();
  const app = await NestFactory.create(AppModule, createHttpAdapter(platform, settings), {
    bodyParser: false,
    logger: createLogger(),
  });
  configureDemoApp(app, settings);
  app.enableShutdownHooks();
  const host = process.env.HOST || '0.0.0.0';
  const grpcPort = grpcPortFromEnv();
  if (grpcPort > 0) {
    connectDemoGrpc(app, `${host}:${grpcPort}`);
    await app.startAllMicroservices();
  }
  const port = Number(process.env.PORT || 3000);
  await app.listen(port, host);
  new Logger('Bootstrap').log(
    `demo listening on port ${port} (${platform})${grpcPort > 0 ? `, gRPC on ${grpcPort}` : ''}`,
  );
}

bootstrap().catch((error: Error) => {
  // A configuration error (a master secret that does not open the stored secrets...): its message, not a stack.
  new Logger('Bootstrap').error(error.message);
  process.exit(1);
});
