import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../errors/api-error';
import { isPublicRoute } from './exempt-from-global-guard.decorator';

/**
 * A global guard for hosts that want "secure by default": every route must
 * either be `@Public()` or bring its own guard through `UseAuth()`/a scheme
 * decorator. Anything else is refused with the uniform 401.
 */
@Injectable()
export class DefaultDenyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (isPublicRoute(context, this.reflector)) return true;
    throw ApiError.unauthorized();
  }
}
