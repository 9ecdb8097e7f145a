import { Injectable } from '@nestjs/common';
import { parseGraceWindow } from '@authkit/core/internal';
import { SiteAdminService } from '@authkit/saas-site';
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

interface SiteOptions {
  name: string;
  team?: string;
  token?: string;
  secretStdin?: boolean;
  scope?: string[];
  rateLimit?: string;
  grace?: string;
  json?: boolean;
}

/** Shared `--name` and `--json` options; @Injectable so subclasses inherit the constructor's metadata. */
@Injectable()
abstract class SiteSubCommand extends AdminCommand {
  constructor(protected readonly admin: SiteAdminService) {
    super();
  }

  @Option({
    flags: '--name <name>',
    required: true,
    description: 'the site name (its X-Site header)',
  })
  parseName(value: string): string {
    return value;
  }
}

@SubCommand({
  name: 'create',
  description: 'Create a site; prints its secret (X-Site-Token) this once',
})
export class SiteCreateCommand extends SiteSubCommand {
  protected async execute(options: SiteOptions): Promise<void> {
    const adopted = await secretOption(
      { flag: '--token', value: options.token },
      { flag: '--secret-stdin', used: options.secretStdin },
    );
    const { site, secret } = await this.admin.createSite(
      options.name,
      options.team ?? '',
      adopted,
      options.scope,
      options.rateLimit,
    );
    printResult(
      { name: site.name, token: secret, ...policyFields(site) },
      options,
      `created site ${site.name}\nX-Site-Token: ${secret}\n(shown once)${policyLines(site)}`,
    );
  }

  @Option(RATE_LIMIT_OPTION)
  parseRateLimit(value: string): string {
    return value;
  }

  @Option({
    flags: '--scope <scope>',
    description: "a scope the site's credentials carry (repeatable); none: every scope",
  })
  parseScope(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }

  @Option({ flags: '--team <team>', required: true })
  parseTeam(value: string): string {
    return value;
  }

  @Option({
    flags: '--token <secret>',
    description:
      'adopt the secret a deployed site already has (visible in ps: prefer --secret-stdin)',
  })
  parseToken(value: string): string {
    return value;
  }

  @Option({
    flags: '--secret-stdin',
    description: 'read the secret a deployed site already has from standard input (migration)',
  })
  parseSecretStdin(): boolean {
    return true;
  }
}

@SubCommand({
  name: 'rotate-token',
  description:
    "Replace a site's secret; the old one and its access tokens stop working (after --grace, if given)",
})
export class SiteRotateTokenCommand extends SiteSubCommand {
  protected async execute(options: SiteOptions): Promise<void> {
    const { site, secret, graceEndsAt } = await this.admin.rotateSiteToken(
      options.name,
      parseGraceWindow(options.grace ?? '0'),
    );
    printResult(
      { name: site.name, token: secret, ...(graceEndsAt ? { grace_ends_at: graceEndsAt } : {}) },
      options,
      `rotated the secret of ${site.name}\nX-Site-Token: ${secret}\n(shown once)${graceEndsAt ? `\nthe old secret works until ${graceEndsAt.toISOString()}` : ''}`,
    );
  }

  @Option({
    flags: '--grace <duration>',
    description: 'keep the old secret working this long (90s, 10m, 2h, 1d; at most 7d)',
  })
  parseGrace(value: string): string {
    return value;
  }
}

@SubCommand({ name: 'suspend', description: 'Suspend a site: its requests get 403' })
export class SiteSuspendCommand extends SiteSubCommand {
  protected async execute(options: SiteOptions): Promise<void> {
    const site = await this.admin.setStatus(options.name, 'suspended');
    printResult({ name: site.name, status: site.status }, options, `suspended site ${site.name}`);
  }
}

@SubCommand({ name: 'activate', description: 'Re-activate a suspended site' })
export class SiteActivateCommand extends SiteSubCommand {
  protected async execute(options: SiteOptions): Promise<void> {
    const site = await this.admin.setStatus(options.name, 'active');
    printResult({ name: site.name, status: site.status }, options, `activated site ${site.name}`);
  }
}

@SubCommand({
  name: 'show',
  description: "A site's scopes, rate limit, last use (from the audit) and open grace window",
})
export class SiteShowCommand extends SiteSubCommand {
  protected async execute(options: SiteOptions): Promise<void> {
    const overview = await this.admin.overview(options.name);
    const fields = {
      name: overview.site.name,
      team: overview.site.team.name,
      status: overview.site.status,
      ...overviewFields(overview),
    };
    printResult(fields, options, terminalSafe(overviewLines(fields)));
  }
}

@Command({
  name: 'site',
  description: 'Manage SaaS sites',
  subCommands: [
    SiteCreateCommand,
    SiteRotateTokenCommand,
    SiteSuspendCommand,
    SiteActivateCommand,
    SiteShowCommand,
  ],
})
export class SiteCommand extends CommandGroup {}
