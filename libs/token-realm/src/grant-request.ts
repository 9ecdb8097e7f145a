import { ApiError } from '@authkit/core';
import { assertCleanText } from '@authkit/core/internal';
import type { TokenRealmGrant } from './token-realm.module-definition';

export type GrantRequest =
  | { grant: 'password'; login?: string; email?: string; password: string }
  | { grant: 'app'; appId: number; appSecret: string };

const MAX_FIELD = 1024;

/**
 * Reads an `access_token` body (JSON or form-encoded, so every field may be a
 * string) into a grant the realm accepts. Anything missing, mistyped or
 * oversized is a 400 that names the field.
 */
export function parseGrantRequest(body: unknown, grants: readonly TokenRealmGrant[]): GrantRequest {
  const fields = asFields(body);
  const wantsApp = 'app_id' in fields || 'app_secret' in fields;
  const grant: TokenRealmGrant = grants.length === 1 ? grants[0] : wantsApp ? 'app' : 'password';
  if (!grants.includes(grant)) throw ApiError.badRequest(`This realm does not accept the ${grant} grant`);

  if (grant === 'app') {
    return { grant, appId: readAppId(fields.app_id), appSecret: readString(fields, 'app_secret') };
  }
  const login = readOptionalIdentifier(fields, 'login');
  const email = readOptionalIdentifier(fields, 'email');
  if (login === undefined && email === undefined) throw ApiError.badRequest('login or email is required');
  return { grant, login, email: login === undefined ? email : undefined, password: readString(fields, 'password') };
}

/** `refresh_token` from a refresh or revocation body. */
export function readTokenField(body: unknown, name: string): string {
  return readString(asFields(body), name);
}

function asFields(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ApiError.badRequest('The body must be a JSON object or a form');
  }
  return body as Record<string, unknown>;
}

function readString(fields: Record<string, unknown>, name: string): string {
  const value = readOptionalString(fields, name);
  if (value === undefined) throw ApiError.badRequest(`${name} is required`);
  return value;
}

/** A name the server looks up: no control characters, no lone surrogates. */
function readOptionalIdentifier(fields: Record<string, unknown>, name: string): string | undefined {
  const value = readOptionalString(fields, name);
  return value === undefined ? undefined : assertCleanText(value, name);
}

function readOptionalString(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw ApiError.badRequest(`${name} must be a string`);
  if (value === '') throw ApiError.badRequest(`${name} must not be empty`);
  if (value.length > MAX_FIELD) throw ApiError.badRequest(`${name} must be at most ${MAX_FIELD} characters`);
  return value;
}

/** `app_id` is a positive integer: a JSON number, or digits in a form. */
function readAppId(value: unknown): number {
  if (value === undefined || value === null || value === '') throw ApiError.badRequest('app_id is required');
  const id = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) {
    throw ApiError.badRequest('app_id must be a positive integer');
  }
  return id;
}
