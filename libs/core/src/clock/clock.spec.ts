import { ManualClock, SystemClock } from './clock';

describe('clocks', () => {
  it('the manual clock moves only when told', () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    expect(clock.nowSeconds()).toBe(1767225600);
    clock.advance(15 * 60 * 1000 + 1);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:15:00.001Z');
    clock.set(0);
    expect(clock.nowSeconds()).toBe(0);
  });

  it('the system clock follows Date.now', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
