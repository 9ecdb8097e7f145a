import { RoleService } from '@authkit/identity';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { printResult, reporting } from '../cli-output';

@SubCommand({ name: 'create', description: "Create a role; users get it with user create --role NAME (scheme 5's rls carries its id)" })
export class RoleCreateCommand extends CommandRunner {
  constructor(private readonly roles: RoleService) {
    super();
  }

  async run(_params: string[], options: { name: string; json?: boolean }): Promise<void> {
    await reporting(options, async () => {
      const role = await this.roles.create(options.name);
      printResult({ id: role.id, name: role.name }, options, `created role ${role.name} with id ${role.id}`);
    });
  }

  @Option({ flags: '--name <name>', required: true })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print one JSON object' })
  parseJson(): boolean {
    return true;
  }
}

@Command({ name: 'role', description: 'Manage roles', subCommands: [RoleCreateCommand] })
export class RoleCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
