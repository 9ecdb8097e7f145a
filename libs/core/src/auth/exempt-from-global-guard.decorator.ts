import { applyDecorators, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

export const EXEMPT_FROM_GLOBAL_GUARD = 'authkit:exemptFromGlobalGuard';

/**
 * The metadata key of the Nest documentation's recipe for open routes
 * (`SetMetadata('isPublic', true)`, checked by the host's global guard): set
 * too, so that a host's own global guard written that way lets these routes
 * through to their own guards.
 */
export const IS_PUBLIC_KEY = 'isPublic';

/**
 * The one way to mark a route (or controller) as not subject to the host app's
 * global guard: either it is public, or it brings its own guard (every scheme's
 * `Use...Auth()` decorator applies it). Sets authkit's key and the Nest
 * documentation's `isPublic`, so a global guard written either way lets it through.
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(EXEMPT_FROM_GLOBAL_GUARD, true), SetMetadata(IS_PUBLIC_KEY, true));

/** `Public()` under the name that says why a guarded route carries it. */
export const ExemptFromGlobalGuard = Public;

/**
 * For a host's global guard, however it is written: should it let this route
 * through untouched (a public route, or one an authkit scheme guards itself)?
 */
export function isPublicRoute(context: ExecutionContext, reflector: Reflector): boolean {
  const targets = [context.getHandler(), context.getClass()];
  return (
    reflector.getAllAndOverride<boolean | undefined>(EXEMPT_FROM_GLOBAL_GUARD, targets) === true ||
    reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true
  );
}
