import type { HttpRequestLike } from '../http/http-request';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { concatMap, Observable, tap } from 'rxjs';
import { admittedAttempt, type LoginAttempt, LoginAttempts } from '../throttling/login-attempts';
import {
  LOGIN_THROTTLE,
  type LoginThrottleSpec,
} from '../throttling/login-throttle.module-definition';
import { loginAuditScheme } from './audit-reason';

/**
 * Records the outcome of every call of a `@LoginEndpoint()` route, through `LoginAttempts` (the
 * metrics and the audit log, the account it named as principal); after a successful password
 * login, its address becomes known to the account (see `LoginAttempts.signedIn`).
 */
@Injectable()
export class LoginAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly attempts: LoginAttempts,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.getAllAndOverride<LoginThrottleSpec | undefined>(LOGIN_THROTTLE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<HttpRequestLike>();
    if (!spec || spec.appliesTo?.(request) === false) return next.handle();
    // The attempt admitted (by the guard, or by the handler after parsing), or one naming no account.
    const attempt = (): LoginAttempt =>
      admittedAttempt(request) ?? { scheme: loginAuditScheme(request), request };
    return next.handle().pipe(
      tap({
        next: () => this.attempts.record(attempt()),
        error: (error: unknown) => this.attempts.record(attempt(), error),
      }),
      concatMap(async (value: unknown) => {
        await this.attempts.signedIn(admittedAttempt(request));
        return value;
      }),
    );
  }
}
