import { Client } from 'pg';

/** A statement as the `pg` driver was asked to send it. */
export interface SentStatement {
  text: string;
  name?: string;
  values?: unknown[];
}

/**
 * Records every statement the `pg` driver sends from this process (the app under test runs
 * in it) into `statements`, until `stop()` puts the driver back as it was.
 */
export function recordStatements(statements: SentStatement[] = []): {
  statements: SentStatement[];
  stop(): void;
} {
  const originalQuery = Client.prototype.query;
  Client.prototype.query = function recordingQuery(this: Client, ...args: unknown[]) {
    const [config] = args as [string | SentStatement];
    statements.push(
      typeof config === 'string'
        ? { text: config }
        : { text: config.text, name: config.name, values: config.values },
    );
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;
  return {
    statements,
    stop: () => {
      Client.prototype.query = originalQuery;
    },
  };
}
