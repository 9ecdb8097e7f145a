import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { AuthAudit, auditReasonOf, readBearerToken } from '@authkit/core';
import type { Request } from 'express';
import { JsonRpcError, JsonRpcErrorCode } from './jsonrpc/jsonrpc-error';
import { JsonRpcMethodRegistry } from './jsonrpc/jsonrpc-method.registry';
import { PartnerLoginService } from './partner-login.service';
import { PartnerSessionService } from './partner-session.service';

/** Seed 002's `Core.*` methods on the JSON-RPC endpoint. */
@Injectable()
export class CoreMethods implements OnModuleInit {
  constructor(
    private readonly registry: JsonRpcMethodRegistry,
    private readonly logins: PartnerLoginService,
    private readonly sessions: PartnerSessionService,
    @Optional() private readonly audit?: AuthAudit,
  ) {}

  /** Runs a login method, recording its outcome (the account it named as principal). */
  private async audited<T>(method: string, principal: string | null, request: Request, attempt: () => Promise<T>): Promise<T> {
    const base = { scheme: `jsonrpc:${method}`, principal, request };
    try {
      const result = await attempt();
      this.audit?.record({ ...base, outcome: 'success' });
      return result;
    } catch (error) {
      this.audit?.record({ ...base, outcome: 'failure', reason: error instanceof JsonRpcError ? `jsonrpc_${error.code}` : auditReasonOf(error) });
      throw error;
    }
  }

  onModuleInit(): void {
    this.registry.register('Core.login', {
      public: true,
      handler: (params, { request }) =>
        this.audited('Core.login', accountOf('user', params.username), request, () =>
          this.logins.login(readString(params, 'username'), readString(params, 'password')),
        ),
    });
    this.registry.register('Core.token_login', {
      public: true,
      handler: (params, { request }) => this.audited('Core.token_login', accountOf('apicode', params.code_), request, () => this.tokenLogin(params, request)),
    });
    this.registry.register('Core.whoami', {
      handler: (_params, { principal }) => {
        const user = principal!.user;
        return { id: user.id, username: user.username, email: user.email, session_expires_at: Math.floor(principal!.sessionExpiresAt.getTime() / 1000) };
      },
    });
    this.registry.register('Core.logout', {
      handler: async (params, { request }) => {
        const token = readBearerToken(request.headers.authorization) ?? String(params.token_);
        await this.sessions.end(token);
        return { ok: true };
      },
    });
  }

  private async tokenLogin(params: Record<string, unknown>, request: Request): Promise<{ token: string }> {
    const token = readString(params, 'token_');
    if (params.code_ === undefined) {
      // Without a code, token_ is a session token: answer it back while it is valid.
      if (!(await this.sessions.verify(token))) throw new JsonRpcError(JsonRpcErrorCode.sessionRequired, 'A valid session token is required');
      return { token };
    }
    return this.logins.tokenLogin(token, readString(params, 'code_'), request.ip);
  }
}

function accountOf(kind: string, name: unknown): string | null {
  return typeof name === 'string' && name !== '' ? `${kind}:${name.slice(0, 200).toLowerCase()}` : null;
}

function readString(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value === '' || value.length > 4096) {
    throw JsonRpcError.invalidParams(`${name} must be a non-empty string`);
  }
  return value;
}
