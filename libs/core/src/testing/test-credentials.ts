import type { FactoryProvider } from '@nestjs/common';
import type { AuthUser } from '../users/user-store';

/** Whom a credential is issued to: a user, or (site key) a site by name. */
export type TestCredentialSubject = { user: AuthUser } | { site: string };

/** Issues a working credential of one scheme and answers the request headers that present it. */
export type TestCredentialIssuer = (
  subject: TestCredentialSubject,
) => Promise<Record<string, string>>;

/** The provider token of a mounted scheme's issuer: `password-login`, `token-realm:<realm>`... */
export function testCredentialIssuerToken(scheme: string): string {
  return `authkit:testCredentialIssuer:${scheme}`;
}

/**
 * A scheme module's provider for `@authkit/testing`: how to issue one of its credentials
 * straight from its service, without the login's HTTP round trip. It does nothing until a
 * test asks for it, and issues nothing a login could not.
 */
export function testCredentialIssuer<Deps extends unknown[]>(
  scheme: string,
  inject: NonNullable<FactoryProvider['inject']>,
  issuer: (...deps: Deps) => TestCredentialIssuer,
): FactoryProvider<TestCredentialIssuer> {
  return {
    provide: testCredentialIssuerToken(scheme),
    inject,
    useFactory: (...deps: unknown[]) => issuer(...(deps as Deps)),
  };
}

export function subjectUser(subject: TestCredentialSubject, scheme: string): AuthUser {
  if ('user' in subject) return subject.user;
  throw new Error(`${scheme} issues credentials to a user, not to a site`);
}
