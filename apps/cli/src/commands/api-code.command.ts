import { Injectable } from '@nestjs/common';
import { parseGraceWindow } from '@authkit/core/internal';
import { ApiCodeService } from '@authkit/partner-login';
import { Command, Option, SubCommand } from 'nest-commander';
import { AdminCommand, CommandGroup } from '../admin-command';
import { printResult, terminalSafe } from '../cli-output';
import { overviewFields, overviewLines } from '../credential-policy';

interface ApiCodeOptions {
  code: string;
  grace?: string;
  json?: boolean;
}

/** The options every `api-code` subcommand takes; each names only what it does with the code. */
@Injectable() // so that its constructor's parameter types are recorded for the subclasses
abstract class ApiCodeSubCommand extends AdminCommand {
  constructor(protected readonly codes: ApiCodeService) {
    super();
  }

  protected abstract act(
    code: string,
    options: ApiCodeOptions,
  ): Promise<{ result: Record<string, unknown>; human: string }>;

  protected async execute(options: ApiCodeOptions): Promise<void> {
    const { result, human } = await this.act(options.code, options);
    printResult(result, options, human);
  }

  @Option({ flags: '--code <code>', required: true, description: 'e.g. ACME01' })
  parseCode(value: string): string {
    return value;
  }
}

@SubCommand({
  name: 'create',
  description: "Create a partner's API code (partner login); its secret is shown this once",
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
    'Give an API code a new secret (shown this once); ends the sessions its login tokens opened (after --grace, if given)',
})
export class ApiCodeRotateSecretCommand extends ApiCodeSubCommand {
  protected async act(code: string, options: ApiCodeOptions) {
    const { secret, graceEndsAt } = await this.codes.rotateSecret(
      code,
      parseGraceWindow(options.grace ?? '0'),
    );
    return {
      result: { code, secret, ...(graceEndsAt ? { grace_ends_at: graceEndsAt } : {}) },
      human: `API code ${code}: new secret ${secret} (shown once)${graceEndsAt ? `; the old one works until ${graceEndsAt.toISOString()}` : ''}`,
    };
  }

  @Option({
    flags: '--grace <duration>',
    description: 'keep the old secret working this long (90s, 10m, 2h, 1d; at most 7d)',
  })
  parseGrace(value: string): string {
    return value;
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

@SubCommand({
  name: 'show',
  description: "An API code's last use (from the audit) and open grace window",
})
export class ApiCodeShowCommand extends ApiCodeSubCommand {
  protected async act(code: string) {
    const overview = await this.codes.overview(code);
    const fields = { code: overview.code, enabled: overview.enabled, ...overviewFields(overview) };
    return { result: fields, human: terminalSafe(overviewLines(fields)) };
  }
}

@Command({
  name: 'api-code',
  description: "Manage partners' API codes (partner login)",
  subCommands: [
    ApiCodeCreateCommand,
    ApiCodeRotateSecretCommand,
    ApiCodeDisableCommand,
    ApiCodeShowCommand,
  ],
})
export class ApiCodeCommand extends CommandGroup {}
