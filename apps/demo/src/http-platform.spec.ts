import { bodyLimitBytes, demoAppSettingsFromEnv } from './demo-app-settings';
import { httpPlatformFromEnv } from './http-platform';

describe('HTTP_PLATFORM', () => {
  it('is express by default, or fastify', () => {
    expect(httpPlatformFromEnv({})).toBe('express');
    expect(httpPlatformFromEnv({ HTTP_PLATFORM: 'fastify' })).toBe('fastify');
  });

  it.each(['Fastify', 'koa', 'express '])('refuses %j, naming the variable', (value) => {
    expect(() => httpPlatformFromEnv({ HTTP_PLATFORM: value })).toThrow(
      /^HTTP_PLATFORM must be express or fastify/,
    );
  });
});

describe('BODY_LIMIT', () => {
  it('reads sizes as Express does', () => {
    expect(bodyLimitBytes('64kb')).toBe(65536);
    expect(bodyLimitBytes('1mb')).toBe(1048576);
    expect(bodyLimitBytes('500')).toBe(500);
  });

  it('stops the start on a malformed size, naming the variable', () => {
    expect(() => demoAppSettingsFromEnv({ BODY_LIMIT: 'lots' })).toThrow(
      /^BODY_LIMIT must be a size/,
    );
  });
});
