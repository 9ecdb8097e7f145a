import type { HttpRequestLike } from '../http/http-request';
import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  Optional,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { concatMap, Observable, tap } from 'rxjs';
import { admittedAttempt, attemptedAccount, LoginAttempts } from '../throttling/login-attempts';
import {
  LOGIN_THROTTLE,
  type LoginThrottleSpec,
} from '../throttling/login-throttle.module-definition';
import { AuthOutcomes } from '../outcomes/auth-outcomes';
import { auditedFailure } from '../outcomes/refusal';
import { loginAuditScheme } from './audit-reason';
import { AuthAudit } from './auth-audit.service';

/**
 * Records the outcome of every call of a `@LoginEndpoint()` route (the account
 * it named as principal); after a successful password login, its address
 * becomes known to the account (see `LoginAttempts.signedIn`).
 */
@Injectable()
export class LoginAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Optional() private readonly attempts?: LoginAttempts,
    @Optional() private readonly audit?: AuthAudit,
    @Optional() private readonly outcomes?: AuthOutcomes,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.getAllAndOverride<LoginThrottleSpec | undefined>(LOGIN_THROTTLE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<HttpRequestLike>();
    if (!spec || spec.appliesTo?.(request) === false) return next.handle();
    const { audit, attempts, outcomes } = this;
    // The account is known once the attempt was admitted (by the guard, or by the handler after parsing).
    const base = () => ({
      scheme: loginAuditScheme(request),
      principal: attemptedAccount(request) ?? null,
      request,
    });
    return next.handle().pipe(
      tap({
        next: () => {
          const { scheme, principal } = base();
          outcomes?.login(scheme, principal);
          audit?.record({ ...base(), outcome: 'success' });
        },
        error: (error: unknown) => {
          const { scheme, principal } = base();
          const failure = outcomes?.login(scheme, principal, { error }, request);
          audit?.record({ ...base(), outcome: 'failure', ...(failure ?? auditedFailure(error)) });
        },
      }),
      concatMap(async (value: unknown) => {
        await attempts?.signedIn(admittedAttempt(request));
        return value;
      }),
    );
  }
}
