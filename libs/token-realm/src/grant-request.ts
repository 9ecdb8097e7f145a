import { ApiError } from '@authkit/core';
import { isCleanText, validatePayload, uncleanTextMessage } from '@authkit/core/internal';
import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationArguments } from 'class-validator';
import type { TokenRealmGrant } from './token-realm.module-definition';

export type GrantRequest =
  | { grant: 'password'; login?: string; email?: string; password: string }
  | { grant: 'app'; appId: number; appSecret: string };

const MAX_FIELD = 1024;

/**
 * A field of a token request, JSON or form-encoded (so every value may be a
 * string): one message per field, naming what is wrong with it. Identifiers
 * the server looks up must be clean text.
 */
function TokenRequestField(rule: { required: boolean; identifier?: boolean }): PropertyDecorator {
  const problem = (value: unknown, property: string): string | null => {
    if (value === undefined || value === null)
      return rule.required ? `${property} is required` : null;
    if (typeof value !== 'string') return `${property} must be a string`;
    if (value === '') return `${property} must not be empty`;
    if (value.length > MAX_FIELD) return `${property} must be at most ${MAX_FIELD} characters`;
    if (rule.identifier && !isCleanText(value)) return uncleanTextMessage(property);
    return null;
  };
  return ValidateBy({
    name: 'tokenRequestField',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        problem(value, args?.property ?? '') === null,
      defaultMessage: (args?: ValidationArguments) =>
        problem(args?.value, args?.property ?? '') ?? '',
    },
  });
}

/** `app_id`: a positive integer, as a JSON number or as digits in a form. */
function AppId(): PropertyDecorator {
  const transform = Transform(({ value }) =>
    typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value,
  );
  const validate = ValidateBy({
    name: 'appId',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' &&
        Number.isSafeInteger(value) &&
        value >= 1 &&
        value <= 2_147_483_647,
      defaultMessage: (args?: ValidationArguments) =>
        args?.value === undefined || args?.value === null || args?.value === ''
          ? 'app_id is required'
          : 'app_id must be a positive integer',
    },
  });
  return (target, key) => {
    transform(target, key);
    validate(target, key);
  };
}

/** The password grant: `login` or `email`, and `password`. */
export class PasswordGrantRequest {
  @TokenRequestField({ required: false, identifier: true })
  login?: string;

  @TokenRequestField({ required: false, identifier: true })
  email?: string;

  @TokenRequestField({ required: true })
  password: string;
}

/** The app grant: `app_id` and `app_secret`. */
export class AppGrantRequest {
  @AppId()
  app_id: number;

  @TokenRequestField({ required: true })
  app_secret: string;
}

class RefreshTokenRequest {
  @TokenRequestField({ required: true })
  refresh_token: string;
}

class RevokeTokenRequest {
  @TokenRequestField({ required: true })
  token: string;
}

/**
 * Reads an `access_token` body into a grant the realm accepts. Anything
 * missing, mistyped or oversized is a 400 that names the field.
 */
export function parseGrantRequest(body: unknown, grants: readonly TokenRealmGrant[]): GrantRequest {
  const fields = asFields(body);
  const wantsApp = 'app_id' in fields || 'app_secret' in fields;
  const grant: TokenRealmGrant = grants.length === 1 ? grants[0] : wantsApp ? 'app' : 'password';
  if (!grants.includes(grant))
    throw ApiError.badRequest(`This realm does not accept the ${grant} grant`);

  if (grant === 'app') {
    const app = validatePayload(AppGrantRequest, fields);
    return { grant, appId: app.app_id, appSecret: app.app_secret };
  }
  if (fields.login == null && fields.email == null)
    throw ApiError.badRequest('login or email is required');
  const { login, email, password } = validatePayload(PasswordGrantRequest, fields);
  return { grant, login, email: login === undefined ? email : undefined, password };
}

/** `refresh_token` from a refresh body, `token` from a revocation body. */
export function readTokenField(body: unknown, name: 'refresh_token' | 'token'): string {
  const fields = asFields(body);
  return name === 'token'
    ? validatePayload(RevokeTokenRequest, fields).token
    : validatePayload(RefreshTokenRequest, fields).refresh_token;
}

function asFields(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ApiError.badRequest('The body must be a JSON object or a form');
  }
  return body as Record<string, unknown>;
}
