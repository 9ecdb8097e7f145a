import { Injectable, Optional } from '@nestjs/common';
import { AuthAudit } from '@authkit/core';
import {
  loginAccount,
  validatePayload,
  readBearerToken,
  type HttpRequestLike,
} from '@authkit/core/internal';
import { CoreLoginParams, CoreTokenLoginParams } from './core-methods.params';
import { JsonRpcError, JsonRpcErrorCode } from './jsonrpc/jsonrpc-error';
import { type JsonRpcCall, JsonRpcMethod } from './jsonrpc/jsonrpc-method.registry';
import { PartnerLoginService } from './partner-login.service';
import { PartnerSessionService } from './partner-session.service';

/** The partner JSON-RPC API's `Core.*` methods on the JSON-RPC endpoint. */
@Injectable()
export class PartnerCoreMethods {
  constructor(
    private readonly logins: PartnerLoginService,
    private readonly sessions: PartnerSessionService,
    @Optional() private readonly audit?: AuthAudit,
  ) {}

  @JsonRpcMethod('Core.login', {
    public: true,
    login: (params) => ({ account: accountOf('user', params.username) }),
  })
  login(params: Record<string, unknown>): Promise<{ token: string }> {
    const { username, password } = validatePayload(
      CoreLoginParams,
      params,
      JsonRpcError.invalidParams,
    );
    return this.logins.login(username, password);
  }

  // `Core.login_token` is the partner JSON-RPC API's own name for API logins.
  @JsonRpcMethod(['Core.token_login', 'Core.login_token'], {
    public: true,
    login: (params) => ({ account: accountOf('apicode', params.code_), credential: 'secret' }),
  })
  tokenLogin(
    params: Record<string, unknown>,
    { request }: JsonRpcCall,
  ): Promise<{ token: string }> {
    return this.sessionOrApiLogin(params, request);
  }

  @JsonRpcMethod('Core.whoami')
  whoami(_params: Record<string, unknown>, { principal }: JsonRpcCall) {
    const user = principal!.user;
    return {
      id: user.id,
      username: user.username,
      email: user.email,
      session_expires_at: Math.floor(principal!.sessionExpiresAt.getTime() / 1000),
    };
  }

  @JsonRpcMethod('Core.logout')
  async logout(
    params: Record<string, unknown>,
    { request, principal }: JsonRpcCall,
  ): Promise<{ ok: true }> {
    const token = readBearerToken(request.headers.authorization) ?? String(params.token_);
    await this.sessions.end(token);
    this.audit?.record({
      scheme: 'jsonrpc:Core.logout',
      outcome: 'success',
      principal: `user:${principal!.user.id}`,
      request,
    });
    return { ok: true };
  }

  private async sessionOrApiLogin(
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
