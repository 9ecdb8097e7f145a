import type { HttpRequestLike } from '../http/http-request';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { loginAuditScheme } from '../audit/audit-reason';
import { LoginAttempts } from './login-attempts';
import { LOGIN_THROTTLE, type LoginThrottleSpec } from './login-throttle.module-definition';

/** Admits the attempt of a `@LoginEndpoint()` route through LoginAttempts (429 with `Retry-After` when over a limit). */
@Injectable()
export class LoginThrottleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly attempts: LoginAttempts,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const spec = this.reflector.getAllAndOverride<LoginThrottleSpec | undefined>(LOGIN_THROTTLE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!spec || spec.admittedByHandler) return true;
    const request = context.switchToHttp().getRequest<HttpRequestLike>();
    if (spec.appliesTo?.(request) === false) return true;
    await this.attempts.admit({
      request,
      response: context.switchToHttp().getResponse(),
      account: spec.account?.(request),
      credential: spec.credential,
      scheme: loginAuditScheme(request),
    });
    return true;
  }
}
