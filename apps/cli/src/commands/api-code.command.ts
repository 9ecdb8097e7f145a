import { Injectable } from '@nestjs/common';
import { ApiCodeService } from '@authkit/partner-login';
import { Command, Option, SubCommand } from 'nest-commander';
import { AdminCommand, CommandGroup } from '../admin-command';
import { printResult } from '../cli-output';

interface ApiCodeOptions {
  code: string;
  json?: boolean;
}

/** The options every `api-code` subcommand takes; each names only what it does with the code. */
@Injectable() // so that its constructor's parameter types are recorded for the subclasses
abstract class ApiCodeSubCommand extends AdminCommand {
  constructor(protected readonly codes: ApiCodeService) {
    super();
  }

  protected abstract act(code: string): Promise<{ result: Record<string, unknown>; human: string }>;

  protected async execute(options: ApiCodeOptions): Promise<void> {
    const { result, human } = await this.act(options.code);
    printResult(result, options, human);
  }

  @Option({ flags: '--code <code>', required: true, description: 'e.g. ACME01' })
  parseCode(value: string): string {
    return value;
  }
}

@SubCommand({
  name: 'create',
  description: "Create a partner's API code (scheme 3); its secret is shown this once",
})
export class ApiCodeCreateCommand extends ApiCodeSubCommand {
  protected async act(code: string) {
    const created = await this.codes.create(code);
    return {
      result: created,
      human: `created API code ${created.code}: secret ${created.secret} (shown once)`,
    };
  }
}

@SubCommand({
  name: 'rotate-secret',
  description:
    'Give an API code a new secret (shown this once); ends the sessions its login tokens opened',
})
export class ApiCodeRotateSecretCommand extends ApiCodeSubCommand {
  protected async act(code: string) {
    const rotated = await this.codes.rotateSecret(code);
    return {
      result: rotated,
      human: `API code ${rotated.code}: new secret ${rotated.secret} (shown once)`,
    };
  }
}

@SubCommand({
  name: 'disable',
  description: 'Disable an API code: its login tokens are refused and its sessions end',
})
export class ApiCodeDisableCommand extends ApiCodeSubCommand {
  protected async act(code: string) {
    const disabled = await this.codes.setEnabled(code, false);
    return { result: disabled, human: `API code ${disabled.code} disabled` };
  }
}

@Command({
  name: 'api-code',
  description: "Manage partners' API codes (scheme 3)",
  subCommands: [ApiCodeCreateCommand, ApiCodeRotateSecretCommand, ApiCodeDisableCommand],
})
export class ApiCodeCommand extends CommandGroup {}
