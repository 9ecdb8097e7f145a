import type { AuthUser } from '@authkit/core';
import { authenticateAnswer, formatCompactUtc } from './authenticate-answer';

describe('authenticateAnswer', () => {
  it('formats expires_at as the seed does: 1605192107 is 20201112T144147 (UTC)', () => {
    expect(formatCompactUtc(new Date(1605192107 * 1000))).toBe('20201112T144147');
  });

  it('answers the seed shape from the user record', () => {
    const user: AuthUser = {
      id: 1,
      uuid: '328e3874-4a33-9dd1-29eb-44c37a44121c',
      username: 'root',
      email: null,
      enabled: true,
      roles: ['9745b902-2a36-4035-bdd6-012e0dae66c0'],
      roleNames: ['admin'],
      profile: {},
      attributes: { unrestricted: true },
    };
    expect(authenticateAnswer(user, 'jwt', new Date(1605192107 * 1000))).toEqual({
      token_name: 'auth_token',
      token_value: 'jwt',
      expires_at: '20201112T144147',
      is_unrestricted: true,
      user_id: '328e3874-4a33-9dd1-29eb-44c37a44121c',
      roles_ids: ['9745b902-2a36-4035-bdd6-012e0dae66c0'],
      error_code: 'AUTHENTICATE_CODE_OK',
    });
  });

  it('is restricted unless the store says `unrestricted: true`, whatever else it says', () => {
    const user = (attributes?: Record<string, unknown>): AuthUser => ({
      id: 'x',
      uuid: 'u',
      username: 'n',
      email: null,
      enabled: true,
      roles: [],
      roleNames: [],
      profile: { unrestricted: true },
      attributes,
    });
    for (const attributes of [undefined, {}, { unrestricted: 'true' }, { unrestricted: 1 }])
      expect(authenticateAnswer(user(attributes), 'jwt', new Date(0)).is_unrestricted).toBe(false);
  });
});
