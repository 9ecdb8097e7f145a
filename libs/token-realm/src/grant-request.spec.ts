import { ApiError } from '@authkit/core';
import { parseGrantRequest } from './grant-request';

function badRequest(body: unknown, grants: Array<'password' | 'app'> = ['password']): string {
  try {
    parseGrantRequest(body, grants);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).getStatus()).toBe(400);
    return (error as ApiError).message;
  }
  throw new Error('expected a 400');
}

describe('parseGrantRequest', () => {
  it('reads the password grant by login or by email', () => {
    expect(parseGrantRequest({ login: 'snipe', password: '12345678' }, ['password'])).toEqual({
      grant: 'password',
      login: 'snipe',
      email: undefined,
      password: '12345678',
    });
    expect(parseGrantRequest({ email: 'a@b.c', password: 'x' }, ['password'])).toEqual({
      grant: 'password',
      login: undefined,
      email: 'a@b.c',
      password: 'x',
    });
  });

  it('reads the app grant from JSON numbers and form strings alike', () => {
    expect(parseGrantRequest({ app_id: 12345, app_secret: 's' }, ['app'])).toEqual({
      grant: 'app',
      appId: 12345,
      appSecret: 's',
    });
    expect(parseGrantRequest({ app_id: '12345', app_secret: 's' }, ['app'])).toEqual({
      grant: 'app',
      appId: 12345,
      appSecret: 's',
    });
  });

  it('picks the grant by its fields when a realm accepts both', () => {
    expect(parseGrantRequest({ app_id: 1, app_secret: 's' }, ['password', 'app']).grant).toBe(
      'app',
    );
    expect(parseGrantRequest({ login: 'l', password: 'p' }, ['password', 'app']).grant).toBe(
      'password',
    );
  });

  it.each([
    [{ password: 'x' }, 'login or email is required'],
    [{ login: 'snipe' }, 'password is required'],
    [{ login: 42, password: 'x' }, 'login must be a string'],
    [{ login: '', password: 'x' }, 'login must not be empty'],
    [{ login: 'l', password: ['x'] }, 'password must be a string'],
    [{ login: 'l', password: 'x'.repeat(1025) }, 'password must be at most 1024 characters'],
    [[], 'The body must be a JSON object or a form'],
    [undefined, 'The body must be a JSON object or a form'],
  ])('refuses %p: %s', (body, message) => expect(badRequest(body)).toBe(message));

  it.each([
    [{ app_secret: 's' }, 'app_id is required'],
    [{ app_id: 1 }, 'app_secret is required'],
    [{ app_id: 'abc', app_secret: 's' }, 'app_id must be a positive integer'],
    [{ app_id: -1, app_secret: 's' }, 'app_id must be a positive integer'],
    [{ app_id: 1.5, app_secret: 's' }, 'app_id must be a positive integer'],
    [{ app_id: '99999999999', app_secret: 's' }, 'app_id must be a positive integer'],
  ])('refuses the app grant %p: %s', (body, message) =>
    expect(badRequest(body, ['app'])).toBe(message),
  );

  it('refuses a grant the realm does not accept', () => {
    expect(badRequest({ app_id: 1, app_secret: 's' }, ['password'])).toBe(
      'login or email is required',
    );
  });
});
