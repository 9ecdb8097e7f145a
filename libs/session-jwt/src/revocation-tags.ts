/** Tags of scheme 5's cached credentials (see CredentialCache); revoking one drops them on every instance. */
export function sessionRevocationTag(sessionId: string): string {
  return `jwt-session:${sessionId}`;
}

export function signingKeyRevocationTag(kid: string): string {
  return `jwt-key:${kid}`;
}
