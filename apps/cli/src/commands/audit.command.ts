import { AuthAudit } from '@authkit/core';
import { Command, Option, SubCommand } from 'nest-commander';
import { AdminCommand, CommandGroup } from '../admin-command';
import { printResult, terminalSafe } from '../cli-output';

@SubCommand({
  name: 'tail',
  description: 'The latest authentication attempts of every scheme, newest first',
})
export class AuditTailCommand extends AdminCommand {
  constructor(private readonly audit: AuthAudit) {
    super();
  }

  protected async execute(options: { limit?: number; json?: boolean }): Promise<void> {
    const entries = (await this.audit.tail(options.limit ?? 50)).map((entry) => ({
      id: Number(entry.id),
      occurred_at: entry.occurredAt.toISOString(),
      scheme: entry.scheme,
      principal: entry.principal,
      outcome: entry.outcome,
      reason: entry.reason,
      code: entry.code,
      client_address: entry.clientAddress,
      user_agent: entry.userAgent,
    }));
    // Every field may carry what a client sent: escaped, so that no entry can drive the operator's terminal.
    const lines = entries.map((e) =>
      terminalSafe(
        `${e.occurred_at} ${e.outcome.padEnd(7)} ${e.scheme} ${e.principal ?? '-'} ${e.reason ?? ''} ${e.code ?? ''} ${e.client_address ?? ''} ${e.user_agent ?? ''}`,
      ),
    );
    printResult({ entries }, options, lines.join('\n') || 'no entries');
  }

  @Option({ flags: '--limit <n>', description: 'how many entries (default 50, at most 1000)' })
  parseLimit(value: string): number {
    const limit = Number(value);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new Error('--limit must be an integer from 1 to 1000');
    return limit;
  }
}

@Command({
  name: 'audit',
  description: 'The audit log of authentication attempts',
  subCommands: [AuditTailCommand],
})
export class AuditCommand extends CommandGroup {}
