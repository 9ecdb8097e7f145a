import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { HostModule } from './host.module';

async function main(): Promise<void> {
  const app = await NestFactory.create(HostModule, { logger: ['error'] });
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.stdout.write('listening\n');
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
