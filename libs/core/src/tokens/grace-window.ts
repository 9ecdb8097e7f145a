import { ApiError } from '../errors/api-error';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** The longest grace window a rotation may leave a previous secret: a week. */
export const MAX_GRACE_MS = 7 * UNIT_MS.d;

/**
 * A rotation's `--grace` (`90s`, `10m`, `2h`, `1d`; `0` for none) in milliseconds. Anything
 * else, or more than a week, is a 400 that changes nothing.
 */
export function parseGraceWindow(value: unknown): number {
  const match = typeof value === 'string' ? /^(\d{1,7})([smhd])?$/.exec(value) : null;
  const ms = match ? Number(match[1]) * UNIT_MS[(match[2] ?? 's') as keyof typeof UNIT_MS] : NaN;
  if (!Number.isSafeInteger(ms) || ms > MAX_GRACE_MS)
    throw ApiError.badRequest('grace must be a duration such as 90s, 10m, 2h or 1d, at most 7d');
  return ms;
}

/**
 * Where a rotation left the previous secret: the moment its grace window ends, or null when
 * it ended at the rotation. The previous secret, and what it minted, hold only before then,
 * by the server's clock.
 */
export function graceEndsAt(rotatedAt: Date, graceMs: number): Date | null {
  return graceMs > 0 ? new Date(rotatedAt.getTime() + graceMs) : null;
}

/** Whether a previous secret still holds at `now`. */
export function withinGrace(endsAt: Date | null | undefined, now: Date): endsAt is Date {
  return endsAt != null && now < endsAt;
}
