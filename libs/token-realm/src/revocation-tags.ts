/** Tags of a realm's cached credentials (see CredentialCache); revoking one drops them on every instance. */
export function familyRevocationTag(familyId: string): string {
  return `token-family:${familyId}`;
}

export function appRevocationTag(appId: number): string {
  return `app:${appId}`;
}
