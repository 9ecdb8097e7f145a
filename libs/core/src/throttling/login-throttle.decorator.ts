import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { LoginThrottleGuard } from './login-throttle.guard';
import { LOGIN_THROTTLE, type LoginThrottleSpec } from './login-throttle.module-definition';

/**
 * Limits a login, token or refresh endpoint per client address and per
 * account (see LoginThrottleModule), answering 429 with `Retry-After`. Put it
 * below the route's auth decorator, so that it runs first and refused
 * credentials count too.
 */
export function LoginThrottle(spec: LoginThrottleSpec = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(LOGIN_THROTTLE, spec), UseGuards(LoginThrottleGuard));
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
