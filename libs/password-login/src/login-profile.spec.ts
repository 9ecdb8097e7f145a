import type { AuthUser } from '@authkit/core';
import { loginAnswer } from './login-profile';

function user(fields: Partial<AuthUser> & Record<string, unknown>): AuthUser {
  const base: AuthUser = {
    id: 132,
    uuid: 'u',
    username: 'supplier',
    email: null,
    enabled: true,
    roles: [],
    roleNames: [],
    profile: {},
    attributes: { country: 'kz', direction: 'Food' },
  };
  return { ...base, ...fields };
}

describe('loginAnswer', () => {
  it("gives the seed's shape: id, profile fields, country, direction, token and integer expiry", () => {
    const answer = loginAnswer(
      user({ profile: { company_id: 84, currency: 'тг', time_zone_offset: 21600 } }),
      'login_x',
      1579535438,
    );
    expect(answer).toEqual({
      id: 132,
      company_id: 84,
      currency: 'тг',
      time_zone_offset: 21600,
      country: 'kz',
      direction: 'Food',
      access_token: 'login_x',
      access_token_expiration_time: 1579535438,
    });
  });

  it('never lets a profile field override the id, the token or the expiry', () => {
    const answer = loginAnswer(
      user({
        profile: {
          id: 1,
          access_token: 'forged',
          access_token_expiration_time: 9e9,
          country: 'xx',
          direction: 'y',
        },
      }),
      'login_real',
      100,
    );
    expect(answer).toEqual({
      id: 132,
      country: 'kz',
      direction: 'Food',
      access_token: 'login_real',
      access_token_expiration_time: 100,
    });
  });

  it('leaves out the username, email, roles and any hash', () => {
    const answer = loginAnswer(
      user({
        username: 'supplier',
        email: 'a@b.c',
        roles: ['admin'],
        passwordHash: '$argon2id$...',
        enabled: true,
      }),
      't',
      1,
    );
    expect(Object.keys(answer).sort()).toEqual([
      'access_token',
      'access_token_expiration_time',
      'country',
      'direction',
      'id',
    ]);
  });
});
