import type { ApiError } from '../errors/api-error';
import { graceEndsAt, MAX_GRACE_MS, parseGraceWindow, withinGrace } from './grace-window';

function statusOf(value: unknown): number {
  try {
    parseGraceWindow(value);
    return 200;
  } catch (error) {
    return (error as ApiError).getStatus();
  }
}

describe('grace windows', () => {
  it('parses seconds, minutes, hours and days', () => {
    expect(parseGraceWindow('90s')).toBe(90_000);
    expect(parseGraceWindow('90')).toBe(90_000);
    expect(parseGraceWindow('10m')).toBe(600_000);
    expect(parseGraceWindow('2h')).toBe(7_200_000);
    expect(parseGraceWindow('7d')).toBe(MAX_GRACE_MS);
    expect(parseGraceWindow('0')).toBe(0);
  });

  it.each(['', '-1m', '1.5h', '10 m', '10M', '8d', '1w', 'ten', '1m\u0000', '\ud800', '9999999d'])(
    'refuses %j with a 400',
    (value) => {
      expect(statusOf(value)).toBe(400);
    },
  );

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 10, {}, ['1m']]) expect(statusOf(value)).toBe(400);
  });

  it('holds a previous secret strictly before the window ends, by the given clock', () => {
    const rotatedAt = new Date('2026-12-03T12:00:00Z');
    const ends = graceEndsAt(rotatedAt, 600_000)!;
    expect(ends.toISOString()).toBe('2026-12-03T12:10:00.000Z');
    expect(withinGrace(ends, new Date('2026-12-03T12:09:59.999Z'))).toBe(true);
    expect(withinGrace(ends, ends)).toBe(false);
    expect(graceEndsAt(rotatedAt, 0)).toBeNull();
    expect(withinGrace(null, rotatedAt)).toBe(false);
  });
});
