import { ApiError } from '@authkit/core';
import { parseGraceWindow } from '@authkit/core/internal';
import { ApiAppService } from '@authkit/token-realm';
import { Command, Option, SubCommand } from 'nest-commander';
import { AdminCommand, CommandGroup } from '../admin-command';
import { printResult, terminalSafe } from '../cli-output';
import {
  overviewFields,
  overviewLines,
  policyFields,
  policyLines,
  RATE_LIMIT_OPTION,
} from '../credential-policy';
import { secretOption } from '../stdin-secret';

@SubCommand({
  name: 'create',
  description: 'Register an app for the app grant (token realm); the secret is shown this once',
})
export class AppCreateCommand extends AdminCommand {
  constructor(private readonly apps: ApiAppService) {
    super();
  }

  protected async execute(options: {
    name: string;
    appId?: number;
    secret?: string;
    secretStdin?: boolean;
    scope?: string[];
    rateLimit?: string;
    json?: boolean;
  }): Promise<void> {
    const adoptedSecret = await secretOption(
      { flag: '--secret', value: options.secret },
      { flag: '--secret-stdin', used: options.secretStdin },
    );
    if ((options.appId === undefined) !== (adoptedSecret === undefined))
      throw new Error('--app-id and --secret-stdin (or --secret) go together');
    const adopt =
      options.appId === undefined ? undefined : { appId: options.appId, secret: adoptedSecret! };
    const { app, secret } = await this.apps.create(
      options.name,
      adopt,
      options.scope,
      options.rateLimit,
    );
    printResult(
      { app_id: app.id, app_secret: secret, ...policyFields(app) },
      options,
      `created app ${app.name}: app_id ${app.id}, app_secret ${secret} (shown once)${policyLines(app)}`,
    );
  }

  @Option(RATE_LIMIT_OPTION)
  parseRateLimit(value: string): string {
    return value;
  }

  @Option({
    flags: '--scope <scope>',
    description: "a scope the app's tokens carry (repeatable); none: every scope",
  })
  parseScope(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }

  @Option({ flags: '--name <name>', required: true })
  parseName(value: string): string {
    return value;
  }

  @Option({
    flags: '--app-id <id>',
    description: "adopt a partner's existing app_id (with --secret)",
  })
  parseAppId(value: string): number {
    if (!/^\d{1,10}$/.test(value)) throw new Error('--app-id must be a positive integer');
    return Number(value);
  }

  @Option({
    flags: '--secret <secret>',
    description: "adopt the partner's existing app_secret (visible in ps: prefer --secret-stdin)",
  })
  parseSecret(value: string): string {
    return value;
  }

  @Option({
    flags: '--secret-stdin',
    description:
      "read the partner's existing app_secret (16 to 256 characters) from standard input",
  })
  parseSecretStdin(): boolean {
    return true;
  }
}

@SubCommand({
  name: 'disable',
  description: 'Disable an app: every token it holds stops working at once',
})
export class AppDisableCommand extends AdminCommand {
  constructor(private readonly apps: ApiAppService) {
    super();
  }

  protected async execute(options: { appId: number; json?: boolean }): Promise<void> {
    const app = await this.apps.setEnabled(options.appId, false);
    printResult({ app_id: app.id, enabled: false }, options, `disabled app ${app.id}`);
  }

  @Option({ flags: '--app-id <id>', required: true })
  parseAppId(value: string): number {
    if (!/^\d{1,10}$/.test(value)) throw ApiError.badRequest('--app-id must be a positive integer');
    return Number(value);
  }
}

@SubCommand({
  name: 'rotate-secret',
  description:
    'Give an app a new secret (shown this once); the old one stops logging in (after --grace, if given)',
})
export class AppRotateSecretCommand extends AdminCommand {
  constructor(private readonly apps: ApiAppService) {
    super();
  }

  protected async execute(options: {
    appId: number;
    grace?: string;
    json?: boolean;
  }): Promise<void> {
    const { appId, secret, graceEndsAt } = await this.apps.rotateSecret(
      options.appId,
      parseGraceWindow(options.grace ?? '0'),
    );
    printResult(
      { app_id: appId, app_secret: secret, ...(graceEndsAt ? { grace_ends_at: graceEndsAt } : {}) },
      options,
      `app ${appId}: new secret ${secret} (shown once)${graceEndsAt ? `; the old one logs in until ${graceEndsAt.toISOString()}` : ''}`,
    );
  }

  @Option({ flags: '--app-id <id>', required: true })
  parseAppId(value: string): number {
    if (!/^\d{1,10}$/.test(value)) throw ApiError.badRequest('--app-id must be a positive integer');
    return Number(value);
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
  name: 'show',
  description: "An app's scopes, rate limit, last use (from the audit) and open grace window",
})
export class AppShowCommand extends AdminCommand {
  constructor(private readonly apps: ApiAppService) {
    super();
  }

  protected async execute(options: { appId: number; json?: boolean }): Promise<void> {
    const overview = await this.apps.overview(options.appId);
    const fields = {
      app_id: overview.app.id,
      name: overview.app.name,
      enabled: overview.app.enabled,
      ...overviewFields(overview),
    };
    printResult(fields, options, terminalSafe(overviewLines(fields)));
  }

  @Option({ flags: '--app-id <id>', required: true })
  parseAppId(value: string): number {
    if (!/^\d{1,10}$/.test(value)) throw ApiError.badRequest('--app-id must be a positive integer');
    return Number(value);
  }
}

@Command({
  name: 'app',
  description: 'Manage registered apps (token realm)',
  subCommands: [AppCreateCommand, AppDisableCommand, AppRotateSecretCommand, AppShowCommand],
})
export class AppCommand extends CommandGroup {}
