import { LoggerService } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';

/** stdout is reserved for the command's result; everything else goes to stderr. */
class StderrLogger implements LoggerService {
  log(): void {}
  debug(): void {}
  verbose(): void {}
  warn(message: unknown): void {
    process.stderr.write(`warn: ${String(message)}\n`);
  }
  error(message: unknown): void {
    process.stderr.write(`error: ${String(message)}\n`);
  }
}

const QUIET_EXITS = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

async function main(): Promise<void> {
  // Offline: nothing is started, no database is joined.
  const [group, command, ...rest] = process.argv.slice(2);
  // Loaded on demand (CommonJS require: the build keeps import() as an ES import): a check loads no app.
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (group === 'token' && command === 'check')
    return (require('./token-check') as typeof import('./token-check')).runTokenCheck(rest);
  const { CliModule } = require('./cli.module') as typeof import('./cli.module');
  /* eslint-enable @typescript-eslint/no-require-imports */
  await CommandFactory.run(CliModule, {
    logger: new StderrLogger(),
    errorHandler: (error) => {
      const code = (error as { code?: string }).code ?? '';
      // Help and version are printed by commander, which reports them as errors: they are not.
      if (QUIET_EXITS.has(code)) return;
      // Commander has printed its own (an unknown command, a missing argument): once is enough.
      if (!code.startsWith('commander.')) process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 2;
    },
    serviceErrorHandler: (error) => {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 1;
    },
  });
}

main().catch((error: Error) => {
  // A start-up failure (a database that cannot be reached, a master secret that does not open its secrets): the message, not a stack.
  process.stderr.write(`${JSON.stringify({ error: 'startup_failed', message: error.message })}\n`);
  process.exit(1);
});
