import { SiteAdminService } from '@authkit/saas-site';
import { Command, Option, SubCommand } from 'nest-commander';
import { AdminCommand, CommandGroup } from '../admin-command';
import { printResult } from '../cli-output';

@SubCommand({ name: 'create', description: 'Create a team owned by a user (scheme 1)' })
export class TeamCreateCommand extends AdminCommand {
  constructor(private readonly admin: SiteAdminService) {
    super();
  }

  protected async execute(options: { name: string; user: string; json?: boolean }): Promise<void> {
    const team = await this.admin.createTeam(options.name, options.user);
    printResult({ id: team.id }, options, `created team ${team.name} with id ${team.id}`);
  }

  @Option({ flags: '--name <name>', required: true })
  parseName(value: string): string {
    return value;
  }

  @Option({
    flags: '--user <username>',
    required: true,
    description: "the team's user: site requests act as them",
  })
  parseUser(value: string): string {
    return value;
  }
}

@Command({ name: 'team', description: 'Manage SaaS teams', subCommands: [TeamCreateCommand] })
export class TeamCommand extends CommandGroup {}
