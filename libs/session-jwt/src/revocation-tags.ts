/** Tags of session JWT's cached credentials (see CredentialCache); revoking one drops them on every instance. */
export function sessionRevocationTag(sessionId: string): string {
  return `jwt-session:${sessionId}`;
}

export function signingKeyRevocationTag(kid: string): string {
  return `${SIGNING_KEY_TAG_PREFIX}${kid}`;
}

export const SIGNING_KEY_TAG_PREFIX = 'jwt-key:';

/** Sent when a key is rotated in: every instance reloads its ring and signs with the new key. */
export const SIGNING_KEY_ROTATED_TAG = `${SIGNING_KEY_TAG_PREFIX}rotated`;
