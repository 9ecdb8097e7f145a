import { applyDecorators, CanActivate, Type, UseGuards } from '@nestjs/common';
import { ExemptFromGlobalGuard } from './exempt-from-global-guard.decorator';

/**
 * Puts a route under its own guard(s) instead of the host's global guard:
 * exempts it from the global guard and applies `guards` (all of them must pass;
 * use `AnyOfAuthGuard` to accept any of several schemes).
 */
export function UseAuth(...guards: Array<Type<CanActivate> | CanActivate>): MethodDecorator & ClassDecorator {
  return applyDecorators(ExemptFromGlobalGuard(), UseGuards(...guards));
}
