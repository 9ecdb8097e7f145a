import type { HttpRequestLike } from '../http/http-request';
import { ExecutionContext, Injectable, Optional, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard, AuthModuleOptions, IAuthGuard } from '@nestjs/passport';
import passport from 'passport';
import { AuthAudit, principalOf } from '../audit/auth-audit.service';
import { type AuthenticatedPrincipal, AuthContext } from '../context/auth-context';
import { ApiError } from '../errors/api-error';
import { HttpResponses } from '../http/http-response';
import { insufficientScope, missingScopes, REQUIRED_SCOPES } from './require-scopes.decorator';
import { AuthOutcomes } from '../outcomes/auth-outcomes';
import {
  type PassportOutcome,
  type RequestValidator,
  requestValidators,
  stillRegistered,
  validateInTurn,
} from './request-validators';
import { andThen, isThenable } from '../concurrency/maybe-promise';
import {
  type LimitedCredential,
  type RateLimitDecision,
  rateLimitExceeded,
  rateLimitHeaders,
} from '../throttling/credential-rate-limit';
import { CredentialRateLimiter } from '../throttling/credential-rate-limiter';
import {
  auditedFailure,
  currentVerificationNote,
  type RefusalReason,
  type VerificationNote,
  withVerificationNote,
} from '../outcomes/refusal';

interface TimedNote extends VerificationNote {
  startedAt: number;
  /** What the accepting strategy answered. */
  principal?: AuthenticatedPrincipal;
}

export interface AnyOfAuthGuardOptions {
  /** Sent as `WWW-Authenticate` on 401, for schemes that define one. */
  wwwAuthenticate?: string;
  /** The `code` of the 401 body; `invalid_credentials` by default. */
  code?: string;
  message?: string;
  /**
   * Whether a request presented a credential at all: the request headers a credential of
   * these strategies comes in (`['authorization']`, `['x-access-token']`...), or, where it may
   * come elsewhere (a JSON-RPC call's params), a function that tells. A refusal of a request
   * that presented none is anonymous traffic: the audit counts such refusals per address and
   * minute instead of writing a row for each. Unset: every refusal is written.
   */
  presentsCredential?: readonly string[] | ((request: Pick<HttpRequestLike, 'headers'>) => boolean);
}

/**
 * A guard that accepts a request when any one of the named passport strategies
 * accepts it. Passport runs the list as any-of as long as each strategy fails
 * (returns false) rather than throws; a strategy throws only for a decided
 * refusal (403 disabled/suspended) or a fault, and that stops the chain.
 *
 * The accepting strategy's principal becomes `request.user` and the
 * request's `AuthContext` principal: one shape for every scheme.
 *
 * Nest's AuthGuard answers a plain 401 without `WWW-Authenticate`; this one
 * throws the library's uniform 401 itself, with the header when configured.
 */
export function AnyOfAuthGuard(
  strategies: string | readonly string[],
  options: AnyOfAuthGuardOptions = {},
): Type<IAuthGuard> {
  const names = typeof strategies === 'string' ? [strategies] : [...strategies];
  const presentsNoCredential = (request: Pick<HttpRequestLike, 'headers'> | undefined): boolean => {
    const presents = options.presentsCredential;
    if (!request?.headers || presents === undefined) return false;
    if (typeof presents === 'function') return !presents(request);
    return !presents.some(
      (name) => request.headers[name] !== undefined && request.headers[name] !== '',
    );
  };

  const strategy = names.length === 1 ? names[0] : names;

  @Injectable()
  class AnyOfAuthGuardMixin extends AuthGuard(strategy) {
    /** What passport is asked, once: no session, the principal as `request.user` (or the host's `PassportModule` property). */
    private readonly passportOptions: { session: false; property: string };
    /** The scopes each route requires, read from its metadata once: decorators do not change while the app runs. */
    private readonly requiredScopes = new WeakMap<object, WeakMap<object, readonly string[]>>();
    /** The strategies as last resolved, kept while passport's registry still holds the same ones. */
    private validators: RequestValidator[] | undefined;

    constructor(
      @Optional() authOptions?: AuthModuleOptions,
      @Optional() private readonly audit?: AuthAudit,
      @Optional() private readonly authContext?: AuthContext,
      @Optional() private readonly responses?: HttpResponses,
      @Optional() private readonly outcomes?: AuthOutcomes,
      @Optional() private readonly reflector?: Reflector,
      @Optional() private readonly limiter?: CredentialRateLimiter,
    ) {
      super(authOptions);
      this.passportOptions = {
        ...authOptions,
        session: false,
        property: authOptions?.property ?? 'user',
      };
    }

    /**
     * Each call verifies under a note of its own: what the strategies learn (why they refuse, a
     * cache hit) and when it began. An accepted credential then meets its own rate limit (its
     * headers on every answer, 429 past it) and the route's scopes, in that order.
     */
    override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
      const note: TimedNote = { startedAt: performance.now() };
      return withVerificationNote(note, () => this.verify(context, note));
    }

    /**
     * A credential the cache holds is decided at once, without a promise; the note is settled
     * when the verification is over, at once or when its promise settles.
     */
    private verify(context: ExecutionContext, note: TimedNote): boolean | Promise<boolean> {
      let outcome: boolean | Promise<boolean>;
      try {
        outcome = andThen(this.authenticate(context), () => this.admit(context, note.principal!));
      } catch (error) {
        note.settled = true;
        throw error;
      }
      if (!isThenable(outcome)) {
        note.settled = true;
        return outcome;
      }
      return outcome.then(
        (admitted) => {
          note.settled = true;
          return admitted;
        },
        (error: unknown) => {
          note.settled = true;
          throw error;
        },
      );
    }

    /** An accepted credential meets its rate limit; below half of it, it is decided synchronously. */
    private admit(
      context: ExecutionContext,
      principal: AuthenticatedPrincipal,
    ): boolean | Promise<boolean> {
      const limited = (principal as { rateLimit?: LimitedCredential | null }).rateLimit;
      const decision = limited && this.limiter ? this.limiter.hit(limited) : undefined;
      return andThen(decision, (decided) => this.conclude(context, principal, limited, decided));
    }

    /** Its rate-limit headers, then the route's scopes; the principal becomes the request context's. */
    private conclude(
      context: ExecutionContext,
      principal: AuthenticatedPrincipal,
      limited: LimitedCredential | null | undefined,
      decision: RateLimitDecision | undefined,
    ): boolean {
      if (decision)
        this.responses?.setHeaders(
          context.switchToHttp().getResponse(),
          rateLimitHeaders(decision),
        );
      const refusal =
        decision && !decision.allowed
          ? rateLimitExceeded(decision)
          : this.scopeRefusal(context, principal);
      const audited = !decision || decision.allowed || this.limiter!.firstRefusal(limited!);
      this.recordAttempt(context, principal, refusal, audited);
      if (refusal) {
        this.responses?.setHeaders(context.switchToHttp().getResponse(), refusal.headers);
        throw refusal;
      }
      if (this.authContext?.isActive) this.authContext.setPrincipal(principal);
      return true;
    }

    /**
     * The strategies, as `AuthGuard.canActivate` has passport run them: the accepted principal
     * (from `handleRequest`) becomes `request.user`; a refusal rejects. authkit's own strategies
     * are called directly (`validateInTurn`); any other goes through passport's `authenticate`,
     * with options built once.
     */
    private authenticate(context: ExecutionContext): void | Promise<void> {
      const request = this.getRequest(context) as Record<string, unknown>;
      const accept: PassportOutcome = (error, user, info) => {
        request.authInfo = info;
        request[this.passportOptions.property] = this.handleRequest(error, user, info, context);
      };
      if (!this.validators || !stillRegistered(names, this.validators))
        this.validators = requestValidators(names);
      if (this.validators) return validateInTurn(this.validators, request, accept);
      const response: unknown = context.switchToHttp().getResponse();
      return new Promise<void>((resolve, reject) => {
        const respond: PassportOutcome = (error, user, info) => {
          try {
            accept(error, user, info);
            resolve();
          } catch (thrown) {
            reject(thrown);
          }
        };
        passport.authenticate(strategy, this.passportOptions, respond)(
          request,
          response,
          (error?: unknown) => (error ? reject(error) : resolve()),
        );
      });
    }

    /** A refused credential (or none) is recorded and answered here; an accepted one goes on in `canActivate`. */
    override handleRequest<TUser>(
      error: unknown,
      user: TUser | false,
      _info: unknown,
      context: ExecutionContext,
    ): TUser {
      if (user && !error) {
        (currentVerificationNote() as TimedNote).principal =
          user as unknown as AuthenticatedPrincipal;
        return user;
      }
      const refusal = error ?? ApiError.unauthorized(options);
      this.recordAttempt(context, user, refusal, true);
      if (refusal instanceof ApiError)
        this.responses?.setHeaders(context.switchToHttp().getResponse(), refusal.headers);
      throw refusal;
    }

    /** 403 `insufficient_scope` when the route requires scopes (`@RequireScopes`) the accepted credential lacks. */
    private scopeRefusal(context: ExecutionContext, principal: unknown): ApiError | undefined {
      const required = this.routeScopes(context.getHandler(), context.getClass());
      if (!required.length) return undefined;
      const granted = (principal as { scopes?: unknown }).scopes;
      const missing = missingScopes(Array.isArray(granted) ? granted : null, required);
      return missing.length === 0
        ? undefined
        : insufficientScope(required, options.wwwAuthenticate?.split(' ', 1)[0]);
    }

    private routeScopes(handler: object, controller: object): readonly string[] {
      let byClass = this.requiredScopes.get(handler);
      if (!byClass) this.requiredScopes.set(handler, (byClass = new WeakMap()));
      let required = byClass.get(controller);
      if (!required) {
        required =
          this.reflector?.getAllAndOverride<string[] | undefined>(REQUIRED_SCOPES, [
            handler as () => unknown,
            controller as () => unknown,
          ]) ?? [];
        byClass.set(controller, required);
      }
      return required;
    }

    /**
     * Every outcome goes to the metrics (and a refusal to the host's hook), with its reason.
     * Every refused guarded request is audited (as the schemes tried); accepted ones only when the audit module asks.
     */
    private recordAttempt(
      context: ExecutionContext,
      user: unknown,
      refusal: unknown,
      audited: boolean,
    ): void {
      // getRequest: what the strategies read (an HTTP request, or a gRPC call's stand-in).
      const request = this.getRequest(context) as HttpRequestLike;
      const scheme = (user ? (user as { scheme?: string }).scheme : undefined) ?? names.join('|');
      const note = currentVerificationNote() as TimedNote | undefined;
      const anonymous = refusal !== undefined && presentsNoCredential(request);
      const noted: RefusalReason | undefined = anonymous ? 'missing' : note?.reason;
      const failure = this.outcomes?.verification(
        scheme,
        {
          seconds: note ? (performance.now() - note.startedAt) / 1000 : 0,
          cache: note?.cache ?? 'miss',
        },
        refusal === undefined ? undefined : { error: refusal, noted },
        request,
      );
      if (!this.audit || !audited) return;
      if (refusal)
        this.audit.record({
          scheme,
          outcome: 'failure',
          ...(failure ?? auditedFailure(refusal, noted)),
          // Refused after acceptance (a scope, the rate limit): whose credential it was.
          principal: user ? principalOf(user) : null,
          request,
          anonymous,
        });
      else if (this.audit.recordsGuardedSuccesses)
        this.audit.record({ scheme, outcome: 'success', principal: principalOf(user), request });
    }
  }
  Object.defineProperty(AnyOfAuthGuardMixin, 'name', {
    value: `AnyOfAuthGuard(${names.join('|')})`,
  });
  return AnyOfAuthGuardMixin;
}
