import { type CanActivate, Inject, Injectable, Logger } from '@nestjs/common';
import { ApiError } from '@authkit/core';
import {
  LoginAttempt,
  LoginAttempts,
  CallContext,
  isDatabaseUnavailableError,
  isInvalidInputError,
  jsonDepthExceeds,
  MAX_JSON_DEPTH,
  type HttpRequestLike,
} from '@authkit/core/internal';
import {
  RESOLVED_PARTNER_LOGIN_OPTIONS,
  type ResolvedPartnerLoginOptions,
} from '../partner-login.module-definition';
import { PartnerSessionAuthGuard } from '../partner-session.guard';
import type { PartnerSessionPrincipal } from '../partner-session-principal';
import type { JsonRpcCallRequest } from '../strategies/partner-session.strategy';
import { JsonRpcError, JsonRpcErrorCode, JsonRpcErrorObject } from './jsonrpc-error';
import { JsonRpcMethodRegistry } from './jsonrpc-method.registry';

type Id = string | number | null;
export type JsonRpcResponse = { jsonrpc: '2.0'; id: Id } & (
  { result: unknown } | { error: JsonRpcErrorObject }
);

/**
 * JSON-RPC 2.0 (https://www.jsonrpc.org/specification): parses, validates,
 * answers single calls and batches, stays silent for notifications, and
 * authenticates every non-public method with a session token through
 * passport's PartnerSessionStrategy (the same guard path as HTTP routes). Returns the
 * payload to send, or null when there is nothing to answer (only notifications).
 * Login calls are rate-limited on the parsed calls, before any call runs: a
 * refused request throws TooManyAttemptsError (HTTP 429) and runs nothing.
 */
@Injectable()
export class JsonRpcDispatcher {
  private readonly logger = new Logger('JsonRpc');

  constructor(
    private readonly registry: JsonRpcMethodRegistry,
    private readonly attempts: LoginAttempts,
    @Inject(RESOLVED_PARTNER_LOGIN_OPTIONS) private readonly options: ResolvedPartnerLoginOptions,
    /** The very guard of `@UsePartnerSessionAuth()` routes: passport's PartnerSessionStrategy, the uniform refusal, the audit. */
    @Inject(PartnerSessionAuthGuard) private readonly sessionGuard: CanActivate,
  ) {}

  async handle(
    body: unknown,
    request: HttpRequestLike,
    response?: unknown,
  ): Promise<JsonRpcResponse | JsonRpcResponse[] | null> {
    let payload = body;
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      try {
        payload = JSON.parse(body.toString());
      } catch {
        return failure(null, new JsonRpcError(JsonRpcErrorCode.parseError, 'Parse error'));
      }
    }
    if (jsonDepthExceeds(payload)) {
      return failure(
        null,
        new JsonRpcError(
          JsonRpcErrorCode.invalidRequest,
          'Invalid Request',
          `JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
        ),
      );
    }
    if (!Array.isArray(payload)) {
      const logins = await this.admitLogins([payload], request, response);
      return this.call(payload, request, logins);
    }
    if (payload.length === 0)
      return failure(
        null,
        new JsonRpcError(JsonRpcErrorCode.invalidRequest, 'Invalid Request', 'empty batch'),
      );
    if (payload.length > this.options.maxBatchSize) {
      return failure(
        null,
        new JsonRpcError(
          JsonRpcErrorCode.invalidRequest,
          'Invalid Request',
          `a batch holds at most ${this.options.maxBatchSize} calls`,
        ),
      );
    }
    const logins = await this.admitLogins(payload, request, response);
    const answers: Array<JsonRpcResponse | null> = [];
    // One after another: a batch is one client's work, and each call may change what the next sees.
    for (const entry of payload) answers.push(await this.call(entry, request, logins));
    const sent = answers.filter((answer): answer is JsonRpcResponse => answer !== null);
    return sent.length > 0 ? sent : null;
  }

  /** Admits every login call (each against its own account); the admitted attempts, by call, for their audit. */
  private async admitLogins(
    entries: unknown[],
    request: HttpRequestLike,
    response: unknown,
  ): Promise<Map<unknown, LoginAttempt>> {
    const logins = new Map<unknown, LoginAttempt>();
    for (const entry of entries) {
      if (!isObject(entry) || typeof entry.method !== 'string') continue;
      const login = this.registry.find(entry.method)?.login;
      if (!login) continue;
      const params = isObject(entry.params) ? entry.params : {};
      const attempt: LoginAttempt = {
        request,
        response,
        scheme: `jsonrpc:${entry.method}`,
        ...login(params),
      };
      await this.attempts.admit(attempt);
      logins.set(entry, attempt);
    }
    return logins;
  }

  private async call(
    entry: unknown,
    request: HttpRequestLike,
    logins: Map<unknown, LoginAttempt>,
  ): Promise<JsonRpcResponse | null> {
    if (!isObject(entry))
      return failure(null, new JsonRpcError(JsonRpcErrorCode.invalidRequest, 'Invalid Request'));
    const id = validId(entry.id);
    const isNotification = !('id' in entry);
    if (
      entry.jsonrpc !== '2.0' ||
      typeof entry.method !== 'string' ||
      id === undefined ||
      !validParams(entry.params)
    ) {
      return failure(
        id ?? null,
        new JsonRpcError(JsonRpcErrorCode.invalidRequest, 'Invalid Request'),
      );
    }
    const params = (entry.params ?? {}) as Record<string, unknown>;
    const login = logins.get(entry);
    try {
      const result = await this.invoke(entry.method, params, request);
      if (login) await this.attempts.succeeded(login);
      return isNotification ? null : { jsonrpc: '2.0', id, result: result ?? null };
    } catch (error) {
      const answer = this.toJsonRpcError(error);
      if (login) this.attempts.record(login, answer);
      return isNotification ? null : failure(id, answer);
    }
  }

  private async invoke(
    name: string,
    params: Record<string, unknown> | unknown[],
    request: HttpRequestLike,
  ): Promise<unknown> {
    const method = this.registry.find(name);
    if (!method) throw new JsonRpcError(JsonRpcErrorCode.methodNotFound, 'Method not found');
    if (Array.isArray(params)) throw JsonRpcError.invalidParams('params must be an object');
    if (method.public) return method.handler(params, { request });
    return method.handler(params, {
      request,
      principal: await this.authenticate(request, name, params),
    });
  }

  /** One call through passport, as an HTTP route would go: its refusal is that call's error, not the batch's. */
  private async authenticate(
    request: HttpRequestLike,
    method: string,
    params: Record<string, unknown>,
  ): Promise<PartnerSessionPrincipal> {
    const call: JsonRpcCallRequest = {
      headers: request.headers,
      ip: request.ip,
      jsonRpc: { method, params },
    };
    try {
      await this.sessionGuard.canActivate(new CallContext([call, undefined, () => undefined]));
    } catch (error) {
      if (error instanceof ApiError && error.getStatus() < 500)
        throw new JsonRpcError(
          JsonRpcErrorCode.sessionRequired,
          'A valid session token is required',
        );
      throw error;
    }
    return call.user!;
  }

  private toJsonRpcError(error: unknown): JsonRpcError {
    if (error instanceof JsonRpcError) return error;
    if (isInvalidInputError(error))
      return JsonRpcError.invalidParams('A value in params is not valid text or is out of range');
    if (isDatabaseUnavailableError(error))
      return new JsonRpcError(JsonRpcErrorCode.serviceUnavailable, 'Service unavailable');
    const failure = error instanceof Error ? error : new Error(String(error));
    // The message and stack only: params may carry secrets.
    this.logger.error(`${failure.name}: ${failure.message}`, failure.stack);
    return new JsonRpcError(JsonRpcErrorCode.internalError, 'Internal error');
  }
}

function failure(id: Id, error: JsonRpcError): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error: error.toObject() };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The id if valid (string, number or null; null when absent), or undefined when invalid. */
function validId(id: unknown): Id | undefined {
  if (id === undefined || id === null) return null;
  if (typeof id === 'string' && id.length <= 256) return id;
  if (typeof id === 'number' && Number.isFinite(id)) return id;
  return undefined;
}

function validParams(params: unknown): boolean {
  return params === undefined || (typeof params === 'object' && params !== null);
}
