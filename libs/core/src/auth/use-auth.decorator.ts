import { applyDecorators, CanActivate, Type, UseGuards } from '@nestjs/common';
import { JsonDepthGuard } from '../validation/json-depth';
import { ExemptFromGlobalGuard } from './exempt-from-global-guard.decorator';

/**
 * Puts a route under its own guard(s) instead of the host's global guard:
 * exempts it from the global guard and applies `guards` (all of them must pass;
 * use `AnyOfAuthGuard` to accept any of several schemes). A body nested deeper
 * than MAX_JSON_DEPTH is refused first, with 400.
 */
export function UseAuth(
  ...guards: Array<Type<CanActivate> | CanActivate>
): MethodDecorator & ClassDecorator {
  return applyDecorators(ExemptFromGlobalGuard(), UseGuards(JsonDepthGuard, ...guards));
}
