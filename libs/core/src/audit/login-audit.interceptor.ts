import { CallHandler, ExecutionContext, Injectable, NestInterceptor, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Observable, tap } from 'rxjs';
import { attemptedAccount } from '../throttling/login-attempts';
import { LOGIN_THROTTLE, type LoginThrottleSpec } from '../throttling/login-throttle.module-definition';
import { auditReasonOf, loginAuditScheme } from './audit-reason';
import { AuthAudit } from './auth-audit.service';

/** Records the outcome of every call of a `@LoginEndpoint()` route (the account it named as principal). */
@Injectable()
export class LoginAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Optional() private readonly audit?: AuthAudit,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.getAllAndOverride<LoginThrottleSpec | undefined>(LOGIN_THROTTLE, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<Request>();
    if (!this.audit || !spec || spec.appliesTo?.(request) === false) return next.handle();
    const audit = this.audit;
    // The account is known once the attempt was admitted (by the guard, or by the handler after parsing).
    const base = () => ({ scheme: loginAuditScheme(request), principal: attemptedAccount(request) ?? null, request });
    return next.handle().pipe(
      tap({
        next: () => audit.record({ ...base(), outcome: 'success' }),
        error: (error: unknown) => audit.record({ ...base(), outcome: 'failure', reason: auditReasonOf(error) }),
      }),
    );
  }
}
