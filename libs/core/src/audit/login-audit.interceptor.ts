import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Observable, tap } from 'rxjs';
import { LOGIN_THROTTLE, type LoginThrottleSpec } from '../throttling/login-throttle.module-definition';
import { AuthAudit } from './auth-audit.service';

/** `login:/api/user/login`: the audit scheme of a login endpoint. */
export function loginAuditScheme(request: Pick<Request, 'route' | 'path'>): string {
  return `login:${(request.route as { path?: string } | undefined)?.path ?? request.path}`;
}

/** The stable code of a failure: the library's `code`, scheme 5's `error_code`, or the status. */
export function auditReasonOf(error: unknown): string {
  if (error instanceof HttpException) {
    const body = error.getResponse() as { code?: unknown; error_code?: unknown };
    if (typeof body === 'object' && body !== null) {
      if (typeof body.code === 'string') return body.code;
      if (typeof body.error_code === 'string') return body.error_code;
    }
    return `http_${error.getStatus()}`;
  }
  return 'error';
}

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
    if (!this.audit || !spec || spec.auditedByHandler || spec.appliesTo?.(request) === false) return next.handle();
    const audit = this.audit;
    const base = { scheme: loginAuditScheme(request), principal: spec.account?.(request) ?? null, request };
    return next.handle().pipe(
      tap({
        next: () => audit.record({ ...base, outcome: 'success' }),
        error: (error: unknown) => audit.record({ ...base, outcome: 'failure', reason: auditReasonOf(error) }),
      }),
    );
  }
}
