import { SigningKeyService } from '@authkit/session-jwt';
import { Command, Option, SubCommand } from 'nest-commander';
import { AdminCommand, CommandGroup } from '../admin-command';
import { printResult } from '../cli-output';

@SubCommand({
  name: 'rotate',
  description:
    'Add a new RS256 key that signs from now on (older keys keep verifying until retired)',
})
export class SigningKeyRotateCommand extends AdminCommand {
  constructor(private readonly keys: SigningKeyService) {
    super();
  }

  protected async execute(options: { json?: boolean }): Promise<void> {
    const kid = await this.keys.rotate();
    printResult({ kid }, options, `new signing key ${kid}`);
  }
}

@SubCommand({
  name: 'retire',
  description: 'Stop a key from verifying: tokens it signed are refused from now on',
})
export class SigningKeyRetireCommand extends AdminCommand {
  constructor(private readonly keys: SigningKeyService) {
    super();
  }

  protected async execute(options: { kid: string; json?: boolean }): Promise<void> {
    await this.keys.retire(options.kid);
    printResult({ kid: options.kid, retired: true }, options, `retired signing key ${options.kid}`);
  }

  @Option({ flags: '--kid <kid>', required: true })
  parseKid(value: string): string {
    return value;
  }
}

@Command({
  name: 'signing-key',
  description: 'Rotate the session JWT signing keys',
  subCommands: [SigningKeyRotateCommand, SigningKeyRetireCommand],
})
export class SigningKeyCommand extends CommandGroup {}
