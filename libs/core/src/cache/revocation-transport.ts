/** What a revocation transport tells the bus while it listens. */
export interface RevocationSubscriber {
  /** Tags another instance (or this one) revoked. */
  onTags(tags: readonly string[]): void;
  /** The connection was lost or stopped answering its heartbeat: notices may be missed from now on. */
  onLost(): void;
  /** The connection answered its heartbeat (for health checks). */
  onHeartbeat?(): void;
}

/**
 * How revocations travel between instances. PostgreSQL LISTEN/NOTIFY by
 * default; Redis pub/sub (`@authkit/redis`) where LISTEN cannot work, as
 * behind PgBouncer in transaction pooling.
 */
export interface RevocationTransport {
  /** Sends the tags to every listening instance. */
  publish(tags: readonly string[]): Promise<void>;
  /** Starts listening (resolves once notices will arrive); a failure rejects, and the bus tries again. */
  listen(subscriber: RevocationSubscriber): Promise<void>;
  /** Stops listening; `onLost` is not called for it. */
  close(): Promise<void>;
}

/** The largest notice payload, in bytes: PostgreSQL's NOTIFY takes under 8,000, and Redis any size. */
export const MAX_REVOCATION_MESSAGE_BYTES = 7_000;

/**
 * The tags as notices, each a JSON array within `maxBytes`: a user with many
 * token families fills many notices instead of one the transport refuses.
 */
export function revocationMessages(
  tags: readonly string[],
  maxBytes = MAX_REVOCATION_MESSAGE_BYTES,
): string[][] {
  const messages: string[][] = [];
  let current: string[] = [];
  let size = 2; // []
  for (const tag of tags) {
    const added = Buffer.byteLength(JSON.stringify(tag)) + (current.length > 0 ? 1 : 0);
    if (current.length > 0 && size + added > maxBytes) {
      messages.push(current);
      current = [];
      size = 2;
    }
    current.push(tag);
    size += Buffer.byteLength(JSON.stringify(tag)) + (current.length > 1 ? 1 : 0);
  }
  if (current.length > 0) messages.push(current);
  return messages;
}

/** Parses a notice's payload: a JSON array of tags (anything else is no tags). */
export function parseRevocationTags(payload: string | undefined): string[] {
  try {
    const tags: unknown = JSON.parse(payload ?? '[]');
    return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Runs `check` every `periodMs`; one unanswered within as long (a half-open
 * TCP connection never errors) calls `onSilence`, an answer `onAnswer`.
 * Answers a stop function.
 */
export function startHeartbeat(
  periodMs: number,
  check: () => Promise<unknown>,
  onSilence: (error: Error) => void,
  onAnswer?: () => void,
): () => void {
  const timer = setInterval(async () => {
    let timeout: NodeJS.Timeout | undefined;
    const silence = new Promise<never>((_, reject) => {
      timeout = setTimeout(() => reject(new Error(`no answer within ${periodMs} ms`)), periodMs);
    });
    try {
      await Promise.race([check(), silence]);
      onAnswer?.();
    } catch (error) {
      onSilence(error as Error);
    } finally {
      clearTimeout(timeout);
    }
  }, periodMs);
  timer.unref();
  return () => clearInterval(timer);
}
