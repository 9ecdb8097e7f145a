import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, UserStore } from '@authkit/core';
import { isCleanText, isUniqueViolation, InjectUserStore } from '@authkit/core/internal';
import { Repository } from 'typeorm';
import { ApiCodeService } from './api-code.service';
import { UsedLoginToken } from './entities/used-login-token.entity';
import { JsonRpcError, JsonRpcErrorCode } from './jsonrpc/jsonrpc-error';
import { decodeLoginToken, isWithinLoginWindow, normalizeIp, openLoginToken } from './login-token';
import {
  RESOLVED_PARTNER_LOGIN_OPTIONS,
  type ResolvedPartnerLoginOptions,
} from './partner-login.module-definition';
import { PartnerSessionService } from './partner-session.service';

const loginFailed = () =>
  new JsonRpcError(JsonRpcErrorCode.authenticationFailed, 'Authentication failed');

/**
 * `Core.login` (password) and `Core.token_login` with an API code: a partner's
 * encrypted login token signs its user in once, from the address it names,
 * within seconds of its making. Every refusal is the same error.
 */
@Injectable()
export class PartnerLoginService {
  constructor(
    private readonly codes: ApiCodeService,
    private readonly sessions: PartnerSessionService,
    @InjectUserStore() private readonly users: UserStore,
    @InjectRepository(UsedLoginToken) private readonly usedTokens: Repository<UsedLoginToken>,
    private readonly clock: Clock,
    @Inject(RESOLVED_PARTNER_LOGIN_OPTIONS) private readonly options: ResolvedPartnerLoginOptions,
  ) {}

  async login(username: string, password: string): Promise<{ token: string }> {
    const user = await this.users.verifyPassword({ login: username }, password);
    if (!user) throw loginFailed();
    if (!user.enabled) throw new JsonRpcError(JsonRpcErrorCode.accountDisabled, 'Account disabled');
    return { token: await this.sessions.open(user, null) };
  }

  /** A new session for the user a login token names, when every rule of the partner-login wire contract holds. */
  async tokenLogin(
    loginToken: string,
    apiCode: string,
    clientIp: string | undefined,
  ): Promise<{ token: string }> {
    const bytes = decodeLoginToken(loginToken);
    const secrets = bytes ? await this.codes.secretsOf(apiCode) : null;
    // The current secret first; the previous one while a rotation's grace window lasts.
    let code: { secret: string; generation: number } | undefined;
    let opened: ReturnType<typeof openLoginToken> = null;
    for (const candidate of (bytes && secrets) || []) {
      opened = openLoginToken(bytes!, apiCode, candidate.secret);
      if (opened) {
        code = candidate;
        break;
      }
    }
    if (!opened) throw loginFailed();
    const { claims, nonce } = opened;
    if (!isWithinLoginWindow(claims.exp, this.clock.nowSeconds(), this.options.clockSkewSeconds))
      throw loginFailed();
    if (!clientIp || normalizeIp(claims.remote_ip) !== normalizeIp(clientIp)) throw loginFailed();
    if (!isCleanText(claims.username)) throw loginFailed();
    const user = await this.users.findByLogin({ login: claims.username });
    if (!user?.enabled) throw loginFailed();
    // Spend the token last, so a refusal above leaves it unspent; the primary key decides among concurrent uses.
    try {
      await this.usedTokens.insert({ apiCode, nonce, expiresAt: new Date(claims.exp * 1000) });
    } catch (error) {
      if (isUniqueViolation(error)) throw loginFailed();
      throw error;
    }
    // The session keeps the generation read above: a disable or rotation since then leaves it dead on arrival.
    return {
      token: await this.sessions.open(user, { code: apiCode, generation: code!.generation }),
    };
  }
}
