import { validatePayload, checkPayload } from '@authkit/core/internal';
import { NewUser } from './new-user';

const problemsOf = (input: Record<string, unknown>): string =>
  checkPayload(NewUser, input).problems ?? 'valid';

describe('NewUser', () => {
  it('accepts a user with only a username and a password, and every optional field', () => {
    expect(problemsOf({ username: 'ada', password: 'pw' })).toBe('valid');
    expect(
      problemsOf({
        username: 'ada',
        password: 'pw',
        email: 'ada@example.com',
        direction: 'food',
        country: 'kz',
        roles: ['r'],
        unrestricted: true,
        profile: { company_id: 84 },
      }),
    ).toBe('valid');
  });

  it('names each wrong field', () => {
    expect(problemsOf({ password: 'pw' })).toBe(
      'username must be a non-empty string of at most 150 characters',
    );
    expect(problemsOf({ username: '   ', password: 'pw' })).toBe('username must not be blank');
    expect(problemsOf({ username: 'a\u0000b', password: 'pw' })).toBe(
      'username must not contain control characters or invalid Unicode',
    );
    expect(problemsOf({ username: 'ada', password: 'x'.repeat(1025) })).toBe(
      'password must be a non-empty string of at most 1024 characters',
    );
    expect(problemsOf({ username: 'ada', password: 'pw', email: 'not an address' })).toBe(
      'email is not an email address',
    );
    expect(problemsOf({ username: 'ada', password: 'pw', profile: [] })).toBe(
      'profile must be a JSON object',
    );
    expect(problemsOf({ username: 'ada', password: 'pw', roles: 'admin' })).toMatch(
      /^roles must be an array/,
    );
  });

  it('drops what it does not declare', () => {
    expect(
      validatePayload(NewUser, {
        username: 'ada',
        password: 'pw',
        passwordHash: 'forged',
        enabled: false,
      }),
    ).toEqual(Object.assign(new NewUser(), { username: 'ada', password: 'pw' }));
  });
});
