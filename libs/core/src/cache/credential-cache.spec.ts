import { ManualClock } from '../clock/clock';
import { CredentialCache } from './credential-cache';

describe('CredentialCache', () => {
  const start = new Date('2026-01-01T00:00:00Z');
  const inSeconds = (clock: ManualClock, seconds: number) =>
    new Date(clock.now().getTime() + seconds * 1000);

  it('returns what was stored until the credential expires, never after', () => {
    const clock = new ManualClock(start);
    const cache = new CredentialCache(clock, { maxAgeSeconds: 3600 });
    cache.set('login', 'h1', { user: 1 }, { expiresAt: inSeconds(clock, 10), tags: ['user:1'] });
    clock.advance(9_999);
    expect(cache.get('login', 'h1')).toEqual({ user: 1 });
    clock.advance(1);
    expect(cache.get('login', 'h1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('getOrVerify keeps what verified, never what was refused, and bounds a credential without expiry by the max age', async () => {
    const clock = new ManualClock(start);
    const cache = new CredentialCache(clock, { maxAgeSeconds: 30 });
    const verify = jest.fn(async () => ({ value: 'site', tags: ['site:1'] }));
    expect(await cache.getOrVerify('site', 'h', verify)).toBe('site');
    // A hit is the value itself, not a promise of it: the cached path adds no tick.
    expect(cache.getOrVerify('site', 'h', verify)).toBe('site');
    expect(verify).toHaveBeenCalledTimes(1);
    clock.advance(30_000);
    expect(await cache.getOrVerify('site', 'h', verify)).toBe('site');
    expect(verify).toHaveBeenCalledTimes(2);
    const refuse = jest.fn(async () => null);
    expect(await cache.getOrVerify('site', 'unknown', refuse)).toBeNull();
    expect(await cache.getOrVerify('site', 'unknown', refuse)).toBeNull();
    expect(refuse).toHaveBeenCalledTimes(2);
    expect(cache.size).toBe(1);
  });

  it('caps an entry at the max age, however long the credential lives', () => {
    const clock = new ManualClock(start);
    const cache = new CredentialCache(clock, { maxAgeSeconds: 30 });
    cache.set('realm', 'h', 'x', { expiresAt: inSeconds(clock, 86_400), tags: [] });
    clock.advance(30_000);
    expect(cache.get('realm', 'h')).toBeUndefined();
  });

  it('drops entries by tag, and only those', () => {
    const clock = new ManualClock(start);
    const cache = new CredentialCache(clock);
    cache.set('a', '1', 'one', { expiresAt: inSeconds(clock, 60), tags: ['user:1', 'session:s1'] });
    cache.set('a', '2', 'two', { expiresAt: inSeconds(clock, 60), tags: ['user:1', 'session:s2'] });
    cache.set('a', '3', 'three', { expiresAt: inSeconds(clock, 60), tags: ['user:2'] });
    cache.invalidate(['session:s1']);
    expect([cache.get('a', '1'), cache.get('a', '2'), cache.get('a', '3')]).toEqual([
      undefined,
      'two',
      'three',
    ]);
    cache.invalidate(['user:1']);
    expect([cache.get('a', '2'), cache.get('a', '3')]).toEqual([undefined, 'three']);
  });

  it('is bounded: an entry not read since it was stored goes before those read', () => {
    const clock = new ManualClock(start);
    const cache = new CredentialCache(clock, { maxEntries: 2 });
    const until = { expiresAt: inSeconds(clock, 60), tags: ['t'] };
    cache.set('a', '1', 1, until);
    cache.set('a', '2', 2, until);
    cache.get('a', '1');
    cache.set('a', '3', 3, until);
    expect([cache.get('a', '1'), cache.get('a', '2'), cache.get('a', '3')]).toEqual([
      1,
      undefined,
      3,
    ]);
    expect(cache.size).toBe(2);
  });

  it('gives a read entry one second chance: read once and never again, it goes on the eviction after', () => {
    const clock = new ManualClock(start);
    const cache = new CredentialCache(clock, { maxEntries: 3 });
    const until = { expiresAt: inSeconds(clock, 60), tags: ['t'] };
    for (const key of ['1', '2', '3']) cache.set('a', key, Number(key), until);
    cache.get('a', '1');
    cache.get('a', '2');
    cache.set('a', '4', 4, until); // 1 and 2 are spared (moved back, unread); 3 goes
    cache.get('a', '4');
    cache.set('a', '5', 5, until); // 1 is the oldest now, unread since it was spared
    expect(['1', '2', '3', '4', '5'].map((key) => cache.get('a', key))).toEqual([
      undefined,
      2,
      undefined,
      4,
      5,
    ]);
    expect(cache.size).toBe(3);
  });

  it('serves nothing while suspended, and starts empty when resumed', () => {
    const clock = new ManualClock(start);
    const cache = new CredentialCache(clock);
    cache.set('a', '1', 1, { expiresAt: inSeconds(clock, 60), tags: [] });
    cache.suspend();
    expect(cache.get('a', '1')).toBeUndefined();
    cache.set('a', '2', 2, { expiresAt: inSeconds(clock, 60), tags: [] });
    cache.resume();
    expect([cache.get('a', '1'), cache.get('a', '2')]).toEqual([undefined, undefined]);
  });

  it('keeps namespaces apart and stores nothing when turned off', () => {
    const clock = new ManualClock(start);
    const cache = new CredentialCache(clock);
    cache.set('snipe', 'h', 's', { expiresAt: inSeconds(clock, 60), tags: [] });
    expect(cache.get('roomink', 'h')).toBeUndefined();
    const off = new CredentialCache(clock, { maxEntries: 0 });
    off.set('a', 'h', 1, { expiresAt: inSeconds(clock, 60), tags: [] });
    expect(off.get('a', 'h')).toBeUndefined();
  });

  it('does not store what was verified while a revocation landed (the read may predate it)', async () => {
    const clock = new ManualClock(start);
    const cache = new CredentialCache(clock, { maxAgeSeconds: 30 });
    let release!: () => void;
    const reading = new Promise<void>((resolve) => (release = resolve));
    const verify = jest.fn(async () => {
      await reading;
      return { value: 'session', tags: ['user:1'] };
    });
    const first = cache.getOrVerify('login', 'h', verify);
    cache.invalidate(['user:1']); // revoked while the database was being read
    release();
    expect(await first).toBe('session');
    expect(cache.get('login', 'h')).toBeUndefined();
    // The next check reads again, and may keep what it reads then.
    await cache.getOrVerify('login', 'h', verify);
    expect(verify).toHaveBeenCalledTimes(2);
    expect(cache.get('login', 'h')).toBe('session');
  });
});
