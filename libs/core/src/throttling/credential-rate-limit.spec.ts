import { ApiError } from '../errors/api-error';
import {
  formatRateLimit,
  parseRateLimit,
  rateLimitExceeded,
  rateLimitHeaders,
  rateLimitOf,
} from './credential-rate-limit';

describe('parseRateLimit', () => {
  it('reads N/Ws with s, m, h or d, a missing window count being 1', () => {
    expect(parseRateLimit('100/60s')).toEqual({ limit: 100, windowSeconds: 60 });
    expect(parseRateLimit('5/1m')).toEqual({ limit: 5, windowSeconds: 60 });
    expect(parseRateLimit('1000/h')).toEqual({ limit: 1000, windowSeconds: 3600 });
    expect(parseRateLimit('1/d')).toEqual({ limit: 1, windowSeconds: 86400 });
    expect(formatRateLimit(parseRateLimit('5/1m'))).toBe('5/60s');
  });

  it.each([
    '',
    '100',
    '0/60s',
    '100/0s',
    '100/60',
    '100/2d',
    '10000000000/s',
    '-1/60s',
    '1.5/60s',
    '100/60s ',
    ' 100/60s',
    '100/60s\u0000',
    '100\u0000/60s',
    '100/6\ud8000s',
    '\ud800',
    '１００/60s',
    '100/60S',
    undefined,
    null,
    100,
    ['100/60s'],
  ])('refuses %j with a 400', (value) => {
    expect(() => parseRateLimit(value)).toThrow(ApiError);
    try {
      parseRateLimit(value);
    } catch (error) {
      expect((error as ApiError).getStatus()).toBe(400);
    }
  });

  it('reads a limit from its two columns, none unless both are set', () => {
    expect(rateLimitOf(5, 60)).toEqual({ limit: 5, windowSeconds: 60 });
    expect(rateLimitOf(null, null)).toBeNull();
    expect(rateLimitOf(5, null)).toBeNull();
  });
});

describe('the RateLimit headers', () => {
  const decision = { limit: 5, windowSeconds: 60, allowed: false, remaining: 0, resetSeconds: 17 };

  it('state the policy and where the request stands, in the draft structured-field form', () => {
    expect(rateLimitHeaders(decision)).toEqual({
      'RateLimit-Policy': '"credential";q=5;w=60',
      RateLimit: '"credential";r=0;t=17',
    });
  });

  it('come with Retry-After on the 429', () => {
    const error = rateLimitExceeded(decision);
    expect(error.getStatus()).toBe(429);
    expect(error.code).toBe('too_many_requests');
    expect(error.headers).toMatchObject({
      'Retry-After': '17',
      RateLimit: '"credential";r=0;t=17',
    });
  });
});
