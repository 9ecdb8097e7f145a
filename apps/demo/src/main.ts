import { ConsoleLogger, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureDemoApp } from './configure-app';

function createLogger(): ConsoleLogger {
  const levels: LogLevel[] =
    process.env.LOG_LEVEL === 'debug' ? ['error', 'warn', 'log', 'debug'] : ['error', 'warn', 'log'];
  return new ConsoleLogger({ json: process.env.LOG_FORMAT !== 'pretty', logLevels: levels });
}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { bodyParser: false, logger: createLogger() });
  configureDemoApp(app);
  app.enableShutdownHooks();
  const port = Number(process.env.PORT || 3000);
  await app.listen(port, process.env.HOST || '0.0.0.0');
  new Logger('Bootstrap').log(`demo listening on port ${port}`);
}

void bootstrap();
