import { demoAppSettingsFromEnv, trustProxyWarning } from './configure-app';

describe('TRUST_PROXY', () => {
  it('warns when every hop is trusted, and says what to set instead', () => {
    const { trustProxy } = demoAppSettingsFromEnv({ TRUST_PROXY: 'true' });
    expect(trustProxy).toBe(true);
    expect(trustProxyWarning(trustProxy)).toMatch(/TRUST_PROXY=1.*TRUST_PROXY=loopback/);
  });

  it.each([undefined, 'false', '1', '2', 'loopback', 'loopback,10.0.0.0/8'])(
    'does not warn for %s',
    (value) => {
      expect(
        trustProxyWarning(demoAppSettingsFromEnv({ TRUST_PROXY: value }).trustProxy),
      ).toBeUndefined();
    },
  );
});
