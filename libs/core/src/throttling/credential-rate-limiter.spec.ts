import { ThrottlerStorageService } from '@nestjs/throttler';
import { ManualClock } from '../clock/clock';
import type { LimitedCredential, RateLimitDecision } from './credential-rate-limit';
import { type BatchThrottlerStorage, CredentialRateLimiter } from './credential-rate-limiter';

/** A shared store in memory that counts its calls, as the PostgreSQL and Redis ones add. */
class CountingStore extends ThrottlerStorageService implements BatchThrottlerStorage {
  calls = 0;
  readonly totals = new Map<string, number>();
  stalled = false;

  add(key: string, hits: number): Promise<number> {
    this.calls++;
    if (this.stalled) return new Promise(() => undefined);
    const total = (this.totals.get(key) ?? 0) + hits;
    this.totals.set(key, total);
    return Promise.resolve(total);
  }
}

const site: LimitedCredential = { key: 'site:1', limit: 10, windowSeconds: 60 };

describe('CredentialRateLimiter', () => {
  // The start of a minute: windows are aligned to the clock, so every instance counts the same one.
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12, 0, 0));
  let store: CountingStore;
  let limiters: CredentialRateLimiter[];

  const limiter = () => {
    const made = new CredentialRateLimiter(store, clock, 60_000);
    limiters.push(made);
    return made;
  };

  beforeEach(() => {
    clock.set(Date.UTC(2026, 0, 1, 12, 0, 0));
    store = new CountingStore();
    limiters = [];
  });
  afterEach(() => limiters.forEach((made) => made.stop()));
  afterAll(() => store.onApplicationShutdown());

  it('reads the shared total once per window, then decides the first half of the allowance with no call to the store, and sends it in one batch', async () => {
    const one = limiter();
    expect(await one.hit(site)).toMatchObject({ allowed: true, remaining: 9 });
    expect(store.calls).toBe(1);
    const decisions = Array.from({ length: 4 }, () => one.hit(site));
    expect(decisions.every((decision) => !(decision instanceof Promise))).toBe(true);
    expect((decisions as RateLimitDecision[]).map((decision) => decision.remaining)).toEqual([
      8, 7, 6, 5,
    ]);
    expect(store.calls).toBe(1);
    await one.sync();
    expect(store.calls).toBe(2);
    expect([...store.totals.values()]).toEqual([5]);
  });

  it('is not held up by a stalled store below the half, once it has read the total', async () => {
    const one = limiter();
    await one.hit(site);
    store.stalled = true;
    for (let i = 0; i < 4; i++) expect((one.hit(site) as RateLimitDecision).allowed).toBe(true);
  });

  it('counts across instances: past the half each hit goes through the store, and the limit holds', async () => {
    const a = limiter();
    const b = limiter();
    for (let i = 0; i < 3; i++) await a.hit(site);
    for (let i = 0; i < 2; i++) await b.hit(site);
    await Promise.all([a.sync(), b.sync()]);
    const answers: RateLimitDecision[] = [];
    for (let i = 0; i < 4; i++) answers.push(await a.hit(site), await b.hit(site));
    expect(answers.filter((answer) => answer.allowed)).toHaveLength(5);
    expect(answers.slice(-3).every((answer) => !answer.allowed && answer.remaining === 0)).toBe(
      true,
    );
  });

  it('refuses past the limit without the store, says when the window resets, and starts again in the next', async () => {
    const one = limiter();
    for (let i = 0; i < 10; i++) expect((await one.hit(site)).allowed).toBe(true);
    clock.advance(15_000);
    const calls = store.calls;
    const refused = one.hit(site) as RateLimitDecision;
    expect(refused).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 45 });
    expect(store.calls).toBe(calls);
    expect(one.firstRefusal(site)).toBe(true);
    expect(one.firstRefusal(site)).toBe(false);
    clock.advance(45_000);
    expect(await one.hit(site)).toMatchObject({ allowed: true, remaining: 9, resetSeconds: 60 });
  });

  it('keeps each credential in its own count', async () => {
    const one = limiter();
    for (let i = 0; i < 10; i++) await one.hit(site);
    expect((await one.hit(site)).allowed).toBe(false);
    expect((await one.hit({ ...site, key: 'app:1' })).allowed).toBe(true);
  });

  it('holds the limit on its own count when the store fails', async () => {
    const failing = new CountingStore();
    failing.add = () => Promise.reject(new Error('store down'));
    const one = new CredentialRateLimiter(failing, clock, 60_000);
    limiters.push(one);
    const answers: RateLimitDecision[] = [];
    for (let i = 0; i < 12; i++) answers.push(await one.hit(site));
    expect(answers.map((answer) => answer.allowed)).toEqual([
      ...Array<boolean>(10).fill(true),
      false,
      false,
    ]);
  });

  it('sends hits through increment when the store cannot add several at once', async () => {
    const plain = new ThrottlerStorageService();
    const one = new CredentialRateLimiter(plain, clock, 60_000);
    limiters.push(one);
    for (let i = 0; i < 7; i++) await one.hit(site);
    await one.sync();
    const [record] = [...plain.storage.values()];
    expect(record.totalHits.get('credential')).toBe(7);
    plain.onApplicationShutdown();
  });
});
