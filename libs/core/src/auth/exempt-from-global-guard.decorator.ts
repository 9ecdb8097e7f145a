import { ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

export const EXEMPT_FROM_GLOBAL_GUARD = 'authkit:exemptFromGlobalGuard';

/**
 * Marks a route (or controller) as not subject to the host app's global guard.
 * Either the route is public, or it brings its own guard (as every scheme's
 * `Use...Auth()` decorator does).
 */
export const ExemptFromGlobalGuard = (): MethodDecorator & ClassDecorator =>
  SetMetadata(EXEMPT_FROM_GLOBAL_GUARD, true);

/** A public route: no credentials, and exempt from the global guard. */
export const Public = ExemptFromGlobalGuard;

/** For a host's global guard: should it let this route through untouched? */
export function isExemptFromGlobalGuard(reflector: Reflector, context: ExecutionContext): boolean {
  return (
    reflector.getAllAndOverride<boolean | undefined>(EXEMPT_FROM_GLOBAL_GUARD, [
      context.getHandler(),
      context.getClass(),
    ]) === true
  );
}
