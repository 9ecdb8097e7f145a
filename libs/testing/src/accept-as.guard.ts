import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { AuthenticatedPrincipal } from '@authkit/core';
import { ensureRequestScope } from '@authkit/core/internal';

/**
 * A stand-in for a mechanism's guard in `Test.createTestingModule`, for tests of a host's own
 * handlers that are not about authentication: every request is accepted as `principal`, which
 * becomes `request.user` and the request context's principal, where the `Current…Principal`
 * decorators and `AuthContext` read it.
 *
 * ```ts
 * Test.createTestingModule({ imports: [AppModule] })
 *   .overrideGuard(PasswordLoginAuthGuard)
 *   .useValue(acceptAs({ scheme: 'password-login-bearer', user }))
 * ```
 */
export function acceptAs(principal: AuthenticatedPrincipal): CanActivate {
  return {
    canActivate(context: ExecutionContext): boolean {
      const request = context.switchToHttp().getRequest<{ user?: unknown }>();
      request.user = principal;
      ensureRequestScope().principal = principal;
      return true;
    },
  };
}
