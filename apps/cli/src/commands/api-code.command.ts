import { ApiCodeService } from '@authkit/partner-login';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { printResult, reporting } from '../cli-output';

@SubCommand({ name: 'create', description: "Create a partner's API code (scheme 3); its secret is shown this once" })
export class ApiCodeCreateCommand extends CommandRunner {
  constructor(private readonly codes: ApiCodeService) {
    super();
  }

  async run(_params: string[], options: { code: string; json?: boolean }): Promise<void> {
    await reporting(options, async () => {
      const created = await this.codes.create(options.code);
      printResult(created, options, `created API code ${created.code}: secret ${created.secret} (shown once)`);
    });
  }

  @Option({ flags: '--code <code>', required: true, description: 'e.g. ACME01' })
  parseCode(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print one JSON object' })
  parseJson(): boolean {
    return true;
  }
}

@SubCommand({ name: 'rotate-secret', description: "Give an API code a new secret (shown this once); ends the sessions its login tokens opened" })
export class ApiCodeRotateSecretCommand extends CommandRunner {
  constructor(private readonly codes: ApiCodeService) {
    super();
  }

  async run(_params: string[], options: { code: string; json?: boolean }): Promise<void> {
    await reporting(options, async () => {
      const rotated = await this.codes.rotateSecret(options.code);
      printResult(rotated, options, `API code ${rotated.code}: new secret ${rotated.secret} (shown once)`);
    });
  }

  @Option({ flags: '--code <code>', required: true, description: 'e.g. ACME01' })
  parseCode(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print one JSON object' })
  parseJson(): boolean {
    return true;
  }
}

@SubCommand({ name: 'disable', description: 'Disable an API code: its login tokens are refused and its sessions end' })
export class ApiCodeDisableCommand extends CommandRunner {
  constructor(private readonly codes: ApiCodeService) {
    super();
  }

  async run(_params: string[], options: { code: string; json?: boolean }): Promise<void> {
    await reporting(options, async () => {
      const disabled = await this.codes.setEnabled(options.code, false);
      printResult(disabled, options, `API code ${disabled.code} disabled`);
    });
  }

  @Option({ flags: '--code <code>', required: true, description: 'e.g. ACME01' })
  parseCode(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print one JSON object' })
  parseJson(): boolean {
    return true;
  }
}

@Command({
  name: 'api-code',
  description: "Manage partners' API codes (scheme 3)",
  subCommands: [ApiCodeCreateCommand, ApiCodeRotateSecretCommand, ApiCodeDisableCommand],
})
export class ApiCodeCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
