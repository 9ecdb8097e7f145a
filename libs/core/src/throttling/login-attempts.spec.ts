import { forwardedButNotTrusted } from './login-attempts';

describe('forwardedButNotTrusted', () => {
  const request = (ip: string | undefined, forwarded?: string | string[]) => ({
    ip,
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  });

  it('is false without X-Forwarded-For, and when the address came from it (a trusted proxy)', () => {
    expect(forwardedButNotTrusted(request('10.0.0.1'))).toBe(false);
    expect(forwardedButNotTrusted(request('203.0.113.9', '203.0.113.9'))).toBe(false);
    expect(forwardedButNotTrusted(request('198.51.100.7', '203.0.113.9, 198.51.100.7'))).toBe(
      false,
    );
    expect(forwardedButNotTrusted(request('::ffff:203.0.113.9', '203.0.113.9'))).toBe(false);
    expect(forwardedButNotTrusted(request(undefined, '203.0.113.9'))).toBe(false);
  });

  it('is true when the client address is the proxy, none of the forwarded hops', () => {
    expect(forwardedButNotTrusted(request('127.0.0.1', '203.0.113.9'))).toBe(true);
    expect(
      forwardedButNotTrusted(request('::ffff:10.0.0.2', ['203.0.113.9', '198.51.100.7'])),
    ).toBe(true);
  });
});
