import { Injectable, Type } from '@nestjs/common';
import { AuthGuard, IAuthGuard } from '@nestjs/passport';
import { ApiError } from '../errors/api-error';

export interface AnyOfAuthGuardOptions {
  /** Sent as `WWW-Authenticate` on 401, for schemes that define one. */
  wwwAuthenticate?: string;
  /** The `code` of the 401 body; `invalid_credentials` by default. */
  code?: string;
  message?: string;
}

/**
 * A guard that accepts a request when any one of the named passport strategies
 * accepts it. Passport runs the list as any-of as long as each strategy fails
 * (returns false) rather than throws; a strategy throws only for a decided
 * refusal (403 disabled/suspended) or a fault, and that stops the chain.
 *
 * Nest's AuthGuard answers a plain 401 without `WWW-Authenticate`; this one
 * throws the library's uniform 401 itself, with the header when configured.
 */
export function AnyOfAuthGuard(
  strategies: string | readonly string[],
  options: AnyOfAuthGuardOptions = {},
): Type<IAuthGuard> {
  const names = typeof strategies === 'string' ? [strategies] : [...strategies];

  @Injectable()
  class AnyOfAuthGuardMixin extends AuthGuard(names.length === 1 ? names[0] : names) {
    override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
      if (error) throw error;
      if (!user) throw ApiError.unauthorized(options);
      return user;
    }

    override getAuthenticateOptions(): { session: boolean } {
      return { session: false };
    }
  }
  Object.defineProperty(AnyOfAuthGuardMixin, 'name', { value: `AnyOfAuthGuard(${names.join('|')})` });
  return AnyOfAuthGuardMixin;
}
