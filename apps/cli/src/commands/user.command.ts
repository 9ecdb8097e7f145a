import { Injectable } from '@nestjs/common';
import { ApiError } from '@authkit/core';
import { RoleService, UserService } from '@authkit/identity';
import { Command, Option, SubCommand } from 'nest-commander';
import { AdminCommand, CommandGroup } from '../admin-command';
import { printResult } from '../cli-output';
import { secretOption } from '../stdin-secret';

interface UserCreateOptions {
  username: string;
  password?: string;
  passwordStdin?: boolean;
  email?: string;
  direction?: string;
  country?: string;
  role?: string[];
  unrestricted?: boolean;
  profile?: Record<string, unknown>;
  json?: boolean;
}

@SubCommand({
  name: 'create',
  description: 'Create a user (the password is stored as an argon2id hash)',
})
export class UserCreateCommand extends AdminCommand {
  constructor(
    private readonly users: UserService,
    private readonly roles: RoleService,
  ) {
    super();
  }

  protected async execute(options: UserCreateOptions): Promise<void> {
    const password = await secretOption(
      { flag: '--password', value: options.password },
      { flag: '--password-stdin', used: options.passwordStdin },
    );
    if (password === undefined)
      throw ApiError.badRequest('give the password with --password-stdin (or --password)');
    const roles = await this.roles.idsOf(options.role ?? []);
    const user = await this.users.create({
      username: options.username,
      password,
      email: options.email,
      direction: options.direction,
      country: options.country,
      roles,
      unrestricted: options.unrestricted,
      profile: options.profile,
    });
    printResult({ id: user.id }, options, `created user ${user.username} with id ${user.id}`);
  }

  @Option({ flags: '--username <username>', required: true })
  parseUsername(value: string): string {
    return value;
  }

  @Option({
    flags: '--password <password>',
    description: 'visible in ps to every local user: prefer --password-stdin',
  })
  parsePassword(value: string): string {
    return value;
  }

  @Option({ flags: '--password-stdin', description: 'read the password from standard input' })
  parsePasswordStdin(): boolean {
    return true;
  }

  @Option({ flags: '--email <email>' })
  parseEmail(value: string): string {
    return value;
  }

  @Option({
    flags: '--direction <direction>',
    description: 'scheme 2: the server the user belongs to',
  })
  parseDirection(value: string): string {
    return value;
  }

  @Option({ flags: '--country <country>' })
  parseCountry(value: string): string {
    return value;
  }

  @Option({ flags: '--role <name>', description: 'a role made by role create (repeatable)' })
  parseRole(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }

  @Option({ flags: '--unrestricted', description: 'scheme 5: the user is unrestricted' })
  parseUnrestricted(): boolean {
    return true;
  }

  @Option({ flags: '--profile <json>', description: 'free-form profile fields, a JSON object' })
  parseProfile(value: string): Record<string, unknown> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw ApiError.badRequest('--profile must be valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw ApiError.badRequest('--profile must be a JSON object');
    }
    return parsed as Record<string, unknown>;
  }
}

/** `user disable` and `user enable`: one command, each setting its own value of the flag. */
@Injectable()
abstract class UserSwitchCommand extends AdminCommand {
  protected abstract readonly enabled: boolean;

  constructor(private readonly users: UserService) {
    super();
  }

  protected async execute(options: { username: string; json?: boolean }): Promise<void> {
    const user = await this.users.setEnabled(options.username, this.enabled);
    printResult(
      { id: user.id, enabled: this.enabled },
      options,
      `${this.enabled ? 'enabled' : 'disabled'} user ${user.username}`,
    );
  }

  @Option({ flags: '--username <username>', required: true })
  parseUsername(value: string): string {
    return value;
  }
}

@SubCommand({
  name: 'disable',
  description: 'Disable a user: every token of theirs stops working at once',
})
export class UserDisableCommand extends UserSwitchCommand {
  protected readonly enabled = false;
}

@SubCommand({
  name: 'enable',
  description:
    'Enable a user again: they sign in anew (nothing issued before the disable comes back)',
})
export class UserEnableCommand extends UserSwitchCommand {
  protected readonly enabled = true;
}

@Command({
  name: 'user',
  description: 'Manage users',
  subCommands: [UserCreateCommand, UserDisableCommand, UserEnableCommand],
})
export class UserCommand extends CommandGroup {}
