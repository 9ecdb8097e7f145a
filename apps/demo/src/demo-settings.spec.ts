import { demoModuleSettingsFromEnv } from './demo-settings';

describe('the demo settings (one set of environment variables for every module option)', () => {
  it('leaves every library default in force when nothing is set (no second copy of the defaults)', () => {
    const settings = demoModuleSettingsFromEnv({});
    expect(settings.core).toEqual({});
    expect(settings.throttle).toEqual({});
    expect(settings.audit).toEqual({});
    expect(settings.saasSite).toEqual({});
    expect(settings.passwordLogin).toEqual({});
    expect(settings.partnerLogin).toEqual({});
    expect(settings.sessionJwt).toEqual({ issuer: 'authkit-demo' });
    expect(settings.realm('snipe')).toEqual({});
  });

  it('reads each option from its variable', () => {
    const settings = demoModuleSettingsFromEnv({
      CREDENTIAL_CACHE_MAX_ENTRIES: '0',
      REVOCATION_HEARTBEAT_SECONDS: '2',
      LOGIN_RATE_LIMIT_PER_ACCOUNT: '5',
      LOGIN_RATE_LIMIT_WINDOW_SECONDS: '30',
      AUDIT_GUARDED_SUCCESSES: '1',
      PARTNER_SESSION_TTL_SECONDS: '600',
      SESSION_JWT_AUDIENCE: 'vms.*',
      SESSION_JWT_TTL_SECONDS: '900',
      ROOMINK_UTC_OFFSET_MINUTES: '240',
      ROOMINK_REUSE_LEEWAY_SECONDS: '3',
    });
    expect(settings.core).toEqual({
      credentialCache: { maxEntries: 0 },
      revocations: { heartbeatSeconds: 2 },
    });
    expect(settings.throttle).toEqual({ perAccount: { limit: 5, windowSeconds: 30 } });
    expect(settings.audit).toEqual({ recordGuardedSuccesses: true });
    expect(settings.partnerLogin).toEqual({ sessionTtlSeconds: 600 });
    expect(settings.sessionJwt).toEqual({
      issuer: 'authkit-demo',
      audience: 'vms.*',
      sessionTtlSeconds: 900,
    });
    expect(settings.realm('roomink')).toEqual({ utcOffsetMinutes: 240, reuseLeewaySeconds: 3 });
    expect(settings.realm('snipe')).toEqual({});
  });

  it.each([
    ['LOGIN_ACCESS_TOKEN_TTL_SECONDS', 'abc'],
    ['LOGIN_ACCESS_TOKEN_TTL_SECONDS', '0'],
    ['CREDENTIAL_CACHE_MAX_ENTRIES', '-1'],
    ['SNIPE_ACCESS_TOKEN_TTL_SECONDS', '1.5'],
    ['ROOMINK_UTC_OFFSET_MINUTES', '9999'],
    ['AUDIT_GUARDED_SUCCESSES', 'yes'],
  ])('refuses %s=%s with an error that names it', (name, value) => {
    expect(() => demoModuleSettingsFromEnv({ [name]: value })).toThrow(name);
  });
});
