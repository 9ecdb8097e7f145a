import type { HttpRequestLike } from '../http/http-request';
import { applyDecorators, Header, SetMetadata, UseGuards, UseInterceptors } from '@nestjs/common';
import { LoginAuditInterceptor } from '../audit/login-audit.interceptor';
import { loginAccount } from './login-attempts';
import { LoginThrottleGuard } from './login-throttle.guard';
import { LOGIN_THROTTLE, type LoginThrottleSpec } from './login-throttle.module-definition';

/**
 * Marks a login, token or refresh endpoint: limits it per client address and
 * per account (see LoginThrottleModule and LoginAttempts), answering 429 with
 * `Retry-After`, and records each attempt in the audit log (see
 * AuthAuditModule). Its answers carry tokens: `Cache-Control: no-store`.
 * Put it below the route's auth decorator, so that it runs first and refused
 * credentials count too.
 */
export function LoginEndpoint(spec: LoginThrottleSpec = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(LOGIN_THROTTLE, spec),
    UseGuards(LoginThrottleGuard),
    UseInterceptors(LoginAuditInterceptor),
    Header('Cache-Control', NO_STORE),
  );
}

/** For every response that carries a token or a secret (the wire contracts' common rules): no cache may keep it. */
export const NO_STORE = 'no-store';

/** The account a JSON or form body names in the first present string field; undefined when none. */
export function accountFromBody(
  kind: 'user' | 'app',
  ...fields: string[]
): (request: HttpRequestLike) => string | undefined {
  return (request) => {
    const body: unknown = request.body;
    if (typeof body !== 'object' || body === null) return undefined;
    for (const field of fields) {
      const value = (body as Record<string, unknown>)[field];
      if (typeof value === 'string' && value !== '') return loginAccount(kind, value);
    }
    return undefined;
  };
}
