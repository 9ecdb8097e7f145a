import { applyDecorators, SetMetadata, UseGuards, UseInterceptors } from '@nestjs/common';
import { LoginAuditInterceptor } from '../audit/login-audit.interceptor';
import type { Request } from 'express';
import { LoginThrottleGuard } from './login-throttle.guard';
import { LOGIN_THROTTLE, type LoginThrottleSpec } from './login-throttle.module-definition';

/**
 * Marks a login, token or refresh endpoint: limits it per client address and
 * per account (see LoginThrottleModule), answering 429 with `Retry-After`,
 * and records each attempt in the audit log (see AuthAuditModule). Put it
 * below the route's auth decorator, so that it runs first and refused
 * credentials count too.
 */
export function LoginEndpoint(spec: LoginThrottleSpec = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(LOGIN_THROTTLE, spec), UseGuards(LoginThrottleGuard), UseInterceptors(LoginAuditInterceptor));
}

/** `kind:value`, lower-cased, for a string field of the body; undefined when absent or not a string. */
export function accountFromBody(kind: string, ...fields: string[]): (request: Request) => string | undefined {
  return (request) => {
    const body: unknown = request.body;
    if (typeof body !== 'object' || body === null) return undefined;
    for (const field of fields) {
      const value = (body as Record<string, unknown>)[field];
      if (typeof value === 'string' && value !== '') return `${kind}:${value.toLowerCase()}`;
      if (typeof value === 'number') return `${kind}:${value}`;
    }
    return undefined;
  };
}
