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
      unrestricted: true,
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
});
