import { ExecutionContext, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { getOptionsToken, getStorageToken, ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions, type ThrottlerRequest, type ThrottlerStorage } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AuthAudit } from '../audit/auth-audit.service';
import { loginAuditScheme } from '../audit/login-audit.interceptor';
import { ApiError } from '../errors/api-error';
import { ErrorCode } from '../errors/error-codes';
import { hashSecret } from '../tokens/secret-token';
import { LOGIN_THROTTLE, type LoginThrottleSpec } from './login-throttle.module-definition';

export const PER_ADDRESS = 'address';
export const PER_ACCOUNT = 'account';
const MAX_WEIGHT = 100;

/**
 * @nestjs/throttler's guard with two named limits, on the routes marked
 * `@LoginEndpoint()`: per client address (Express' `req.ip`, so the app's
 * trust-proxy setting decides), and per account as the route names it. The
 * counters are shared by every throttled route, so spreading attempts over
 * several login endpoints gains nothing. A refusal is the library's 429 with
 * a plain `Retry-After`.
 */
@Injectable()
export class LoginThrottleGuard extends ThrottlerGuard {
  private readonly log = new Logger('LoginThrottle');

  constructor(
    @Inject(getOptionsToken()) options: ThrottlerModuleOptions,
    @Inject(getStorageToken()) storage: ThrottlerStorage,
    reflector: Reflector,
    @Optional() private readonly audit?: AuthAudit,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const spec = this.specOf(context);
    if (!spec || spec.appliesTo?.(context.switchToHttp().getRequest<Request>()) === false) return true;
    try {
      return await super.canActivate(context);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      // The counter store (Redis) failed: refuse rather than let guesses through uncounted.
      this.log.error(`rate-limit store unavailable: ${(error as Error).message}`);
      throw new ApiError(503, ErrorCode.rateLimiterUnavailable, 'Rate limiting is unavailable; try again shortly', { 'Retry-After': '1' });
    }
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const spec = this.specOf(props.context);
    const request = props.context.switchToHttp().getRequest<Request>();
    let tracked = props;
    if (props.throttler.name === PER_ACCOUNT) {
      const account = spec?.account?.(request);
      if (account === undefined) return true;
      tracked = { ...props, getTracker: async () => account };
    }
    // A request making several attempts (a batch of logins) counts each of them.
    const weight = Math.max(1, Math.min(MAX_WEIGHT, Math.floor(spec?.weight?.(request) ?? 1)));
    for (let attempt = 1; attempt < weight; attempt++) await super.handleRequest(tracked);
    return super.handleRequest(tracked);
  }

  /** One counter per limit and tracker, whatever the route. Hashed: account names stay out of the store. */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `authkit:login-throttle:${hashSecret(`${name}\0${tracker}`)}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = String(Math.max(1, detail.timeToBlockExpire));
    const request = context.switchToHttp().getRequest<Request>();
    const account = this.specOf(context)?.account?.(request) ?? null;
    this.audit?.record({ scheme: loginAuditScheme(request), principal: account, outcome: 'failure', reason: ErrorCode.tooManyRequests, request });
    context.switchToHttp().getResponse<Response>().removeHeader(`Retry-After-${PER_ADDRESS}`);
    context.switchToHttp().getResponse<Response>().removeHeader(`Retry-After-${PER_ACCOUNT}`);
    throw new ApiError(429, ErrorCode.tooManyRequests, `Too many attempts; retry after ${retryAfter} s`, { 'Retry-After': retryAfter });
  }

  private specOf(context: ExecutionContext): LoginThrottleSpec | undefined {
    return this.reflector.getAllAndOverride<LoginThrottleSpec | undefined>(LOGIN_THROTTLE, [context.getHandler(), context.getClass()]);
  }
}
