import type { AuthUser } from '@authkit/core';

export interface UserProfileAnswer {
  id: number | string;
  country: string | null;
  direction: string | null;
  [profileField: string]: unknown;
}

export interface LoginAnswer extends UserProfileAnswer {
  access_token: string;
  /** Unix seconds. */
  access_token_expiration_time: number;
}

/** The fields of the answers the free-form profile can never override. */
const RESERVED_FIELDS = new Set([
  'id',
  'country',
  'direction',
  'access_token',
  'access_token_expiration_time',
]);

/**
 * The user as the password-bearer login API shows it: id, the free-form profile
 * fields (company_id, currency, time_zone_offset, price formatting...), and the
 * store's `country` and `direction` attributes. Only these stored fields: never
 * the username, email, roles, other attributes or a hash.
 */
export function userProfile(user: AuthUser): UserProfileAnswer {
  const profile = Object.fromEntries(
    Object.entries(user.profile ?? {}).filter(([key]) => !RESERVED_FIELDS.has(key)),
  );
  return {
    id: user.id,
    ...profile,
    country: textAttribute(user, 'country'),
    direction: textAttribute(user, 'direction'),
  };
}

/** What `answer` is given besides the user: the access token and its expiry. */
export interface IssuedLoginToken {
  accessToken: string;
  /** Unix seconds. */
  expiresAtSeconds: number;
}

/** The default `answer` of PasswordLoginModule: the user's profile with the token and its expiry. */
export function loginAnswer(
  user: AuthUser,
  accessToken: string,
  expiresAtSeconds: number,
): LoginAnswer {
  return {
    ...userProfile(user),
    access_token: accessToken,
    access_token_expiration_time: expiresAtSeconds,
  };
}

/** A store attribute as text, or null when the store has none (or not as text). */
export function textAttribute(user: AuthUser, name: string): string | null {
  const value = user.attributes?.[name];
  return typeof value === 'string' ? value : null;
}

/**
 * The default `acceptsLogin`: the login's `direction` is the account's own
 * `direction` attribute, whatever its case (the API logs in with `food` and
 * answers `Food`). An account without one accepts no login.
 */
export function sameDirection(user: AuthUser, request: { direction: string }): boolean {
  const stored = textAttribute(user, 'direction');
  return stored !== null && stored.toLowerCase() === request.direction.toLowerCase();
}
