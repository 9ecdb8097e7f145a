import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { AuthAudit } from '@authkit/core';
import {
  loginAccount,
  validatePayload,
  readBearerToken,
  type HttpRequestLike,
} from '@authkit/core/internal';
import { CoreLoginParams, CoreTokenLoginParams } from './core-methods.params';
import { JsonRpcError, JsonRpcErrorCode } from './jsonrpc/jsonrpc-error';
import { JsonRpcMethodRegistry } from './jsonrpc/jsonrpc-method.registry';
import { PartnerLoginService } from './partner-login.service';
import { PartnerSessionService } from './partner-session.service';

/** The partner JSON-RPC API's `Core.*` methods on the JSON-RPC endpoint. */
@Injectable()
export class PartnerCoreMethods implements OnModuleInit {
  constructor(
    private readonly registry: JsonRpcMethodRegistry,
    private readonly logins: PartnerLoginService,
    private readonly sessions: PartnerSessionService,
    @Optional() private readonly audit?: AuthAudit,
  ) {}

  onModuleInit(): void {
    this.registry.register('Core.login', {
      public: true,
      login: (params) => ({ account: accountOf('user', params.username) }),
      handler: (params) => {
        const { username, password } = validatePayload(
          CoreLoginParams,
          params,
          JsonRpcError.invalidParams,
        );
        return this.logins.login(username, password);
      },
    });
    const tokenLogin = {
      public: true,
      login: (params: Record<string, unknown>) => ({
        account: accountOf('apicode', params.code_),
        credential: 'secret' as const,
      }),
      handler: (params: Record<string, unknown>, { request }: { request: HttpRequestLike }) =>
        this.tokenLogin(params, request),
    };
    this.registry.register('Core.token_login', tokenLogin);
    // The partner JSON-RPC API's own name for API logins.
    this.registry.register('Core.login_token', tokenLogin);
    this.registry.register('Core.whoami', {
      handler: (_params, { principal }) => {
        const user = principal!.user;
        return {
          id: user.id,
          username: user.username,
          email: user.email,
          session_expires_at: Math.floor(principal!.sessionExpiresAt.getTime() / 1000),
        };
      },
    });
    this.registry.register('Core.logout', {
      handler: async (params, { request, principal }) => {
        const token = readBearerToken(request.headers.authorization) ?? String(params.token_);
        await this.sessions.end(token);
        this.audit?.record({
          scheme: 'jsonrpc:Core.logout',
          outcome: 'success',
          principal: `user:${principal!.user.id}`,
          request,
        });
        return { ok: true };
      },
    });
  }

  private async tokenLogin(
    params: Record<string, unknown>,
    request: HttpRequestLike,
  ): Promise<{ token: string }> {
    const { token_: token, code_: code } = validatePayload(
      CoreTokenLoginParams,
      params,
      JsonRpcError.invalidParams,
    );
    if (code === undefined) {
      // Without a code, token_ is a session token: answer it back while it is valid.
      if (!(await this.sessions.verify(token)))
        throw new JsonRpcError(
          JsonRpcErrorCode.sessionRequired,
          'A valid session token is required',
        );
      return { token };
    }
    return this.logins.tokenLogin(token, code, request.ip);
  }
}

function accountOf(kind: 'user' | 'apicode', name: unknown): string | undefined {
  return typeof name === 'string' && name !== '' ? loginAccount(kind, name) : undefined;
}
