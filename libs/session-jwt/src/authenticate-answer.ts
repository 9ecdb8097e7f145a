import type { AuthUser } from '@authkit/core';

/** `AuthenticateEx` and `RenewSession` answer (the session-JWT gRPC API). */
export interface AuthenticateAnswer {
  token_name: 'auth_token';
  token_value: string;
  /** UTC, `YYYYMMDDTHHmmss`. */
  expires_at: string;
  is_unrestricted: boolean;
  user_id: string;
  roles_ids: string[];
  error_code: 'AUTHENTICATE_CODE_OK';
}

/** The session-JWT gRPC API's `expires_at`: `20201112T144147`, in UTC. */
export function formatCompactUtc(instant: Date): string {
  return instant.toISOString().slice(0, 19).replace(/[-:]/g, '');
}

export function authenticateAnswer(
  user: AuthUser,
  token: string,
  expiresAt: Date,
): AuthenticateAnswer {
  return {
    token_name: 'auth_token',
    token_value: token,
    expires_at: formatCompactUtc(expiresAt),
    is_unrestricted: user.attributes?.unrestricted === true,
    user_id: user.uuid,
    roles_ids: [...user.roles],
    error_code: 'AUTHENTICATE_CODE_OK',
  };
}
