import { RoleService } from '@authkit/identity';
import { Command, Option, SubCommand } from 'nest-commander';
import { AdminCommand, CommandGroup } from '../admin-command';
import { printResult } from '../cli-output';

@SubCommand({
  name: 'create',
  description:
    "Create a role; users get it with user create --role NAME (scheme 5's rls carries its id)",
})
export class RoleCreateCommand extends AdminCommand {
  constructor(private readonly roles: RoleService) {
    super();
  }

  protected async execute(options: { name: string; json?: boolean }): Promise<void> {
    const role = await this.roles.create(options.name);
    printResult(
      { id: role.id, name: role.name },
      options,
      `created role ${role.name} with id ${role.id}`,
    );
  }

  @Option({ flags: '--name <name>', required: true })
  parseName(value: string): string {
    return value;
  }
}

@Command({ name: 'role', description: 'Manage roles', subCommands: [RoleCreateCommand] })
export class RoleCommand extends CommandGroup {}
