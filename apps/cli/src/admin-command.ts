import { CommandRunner, Option } from 'nest-commander';
import { type OutputOptions, reporting } from './cli-output';

/**
 * A subcommand that reports as every admin command does: one JSON object on
 * stdout with `--json`, a readable line otherwise; a failure on stderr and a
 * non-zero exit code, never a stack trace.
 */
export abstract class AdminCommand extends CommandRunner {
  async run(_params: string[], options: OutputOptions): Promise<void> {
    await reporting(options, () => this.execute(options));
  }

  protected abstract execute(options: OutputOptions): Promise<void>;

  @Option({ flags: '--json', description: 'print one JSON object' })
  parseJson(): boolean {
    return true;
  }
}

/** A command that only groups subcommands: run alone, it prints its help. */
export abstract class CommandGroup extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
