import { SigningKeyService } from '@authkit/session-jwt';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { printResult, reporting } from '../cli-output';

@SubCommand({ name: 'rotate', description: 'Add a new RS256 key that signs from now on (older keys keep verifying until retired)' })
export class SigningKeyRotateCommand extends CommandRunner {
  constructor(private readonly keys: SigningKeyService) {
    super();
  }

  async run(_params: string[], options: { json?: boolean }): Promise<void> {
    await reporting(options, async () => {
      const kid = await this.keys.rotate();
      printResult({ kid }, options, `new signing key ${kid}`);
    });
  }

  @Option({ flags: '--json', description: 'print one JSON object' })
  parseJson(): boolean {
    return true;
  }
}

@SubCommand({ name: 'retire', description: 'Stop a key from verifying: tokens it signed are refused from now on' })
export class SigningKeyRetireCommand extends CommandRunner {
  constructor(private readonly keys: SigningKeyService) {
    super();
  }

  async run(_params: string[], options: { kid: string; json?: boolean }): Promise<void> {
    await reporting(options, async () => {
      await this.keys.retire(options.kid);
      printResult({ kid: options.kid, retired: true }, options, `retired signing key ${options.kid}`);
    });
  }

  @Option({ flags: '--kid <kid>', required: true })
  parseKid(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print one JSON object' })
  parseJson(): boolean {
    return true;
  }
}

@Command({ name: 'signing-key', description: "Rotate scheme 5's JWT signing keys", subCommands: [SigningKeyRotateCommand, SigningKeyRetireCommand] })
export class SigningKeyCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
