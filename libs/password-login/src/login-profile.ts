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
 * The user as the seed's "Login Response" shows it: id, the free-form profile
 * fields (company_id, currency, time_zone_offset, price formatting...), country
 * and direction. Only these stored fields: never the username, email, roles or a hash.
 */
export function userProfile(user: AuthUser): UserProfileAnswer {
  const profile = Object.fromEntries(
    Object.entries(user.profile ?? {}).filter(([key]) => !RESERVED_FIELDS.has(key)),
  );
  return {
    id: user.id,
    ...profile,
    country: user.country ?? null,
    direction: user.direction ?? null,
  };
}

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
