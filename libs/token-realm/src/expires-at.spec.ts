import { formatExpiresAt, parseExpiresAt } from './expires-at';

describe('expires_at', () => {
  const instant = new Date('2014-04-16T09:28:19.750Z');

  it("prints the seed's format in the configured offset", () => {
    expect(formatExpiresAt(instant, 240)).toBe('2014-04-16 13:28:19 +0400');
    expect(formatExpiresAt(instant)).toBe('2014-04-16 09:28:19 +0000');
    expect(formatExpiresAt(instant, -570)).toBe('2014-04-15 23:58:19 -0930');
  });

  it('parses back to the same second', () => {
    for (const offset of [0, 240, -570, 345]) {
      expect(parseExpiresAt(formatExpiresAt(instant, offset)).getTime()).toBe(
        Math.floor(instant.getTime() / 1000) * 1000,
      );
    }
  });
});
