import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError, type AuthUser, Clock, ErrorCode, RevocationBus, UserStore } from '@authkit/core';
import {
  CredentialCache,
  generateToken,
  hashSecret,
  isWellFormedToken,
  sqlTable,
  userKey,
  CredentialQuery,
  deleteInBatches,
  userRevocationTag,
  InjectUserStore,
  refused,
  refusedShape,
  type MaybePromise,
} from '@authkit/core/internal';
import { type EntityManager, Repository } from 'typeorm';
import { LoginAccessToken } from './entities/login-access-token.entity';
import { LoginRequest } from './login.dto';
import {
  RESOLVED_PASSWORD_LOGIN_OPTIONS,
  type ResolvedPasswordLoginOptions,
} from './password-login.module-definition';

/** Access tokens of this scheme are `login_...` tokens, so no other scheme's token looks like one. */
export const LOGIN_TOKEN_PREFIX = 'login';

/**
 * Password bearer: logs a user in with username and password (and, by default, direction), and verifies
 * the access tokens it hands out.
 */
@Injectable()
export class PasswordLoginService implements OnModuleInit {
  private readonly liveToken: CredentialQuery<{ expiresAt: Date }>;

  constructor(
    @InjectRepository(LoginAccessToken) private readonly tokens: Repository<LoginAccessToken>,
    @InjectUserStore() private readonly users: UserStore,
    private readonly clock: Clock,
    private readonly cache: CredentialCache,
    private readonly revocations: RevocationBus,
    @Inject(RESOLVED_PASSWORD_LOGIN_OPTIONS) private readonly options: ResolvedPasswordLoginOptions,
  ) {
    const dataSource = tokens.manager.connection;
    this.liveToken = new CredentialQuery(dataSource, users, {
      select: 't."expires_at" AS "expiresAt"',
      from: `${sqlTable(dataSource, LoginAccessToken)} t`,
      // Expiry is decided below, so that a refusal can say the token expired.
      where: 't."token_hash" = $1',
      userKey: 't."user_id"',
      parameterTypes: ['bpchar'],
    });
  }

  onModuleInit(): void {
    // Verification also checks `enabled`; deleting the rows keeps the table honest.
    this.users?.onUserDisabled((user, manager) => this.endAllOfUser(user, manager));
  }

  /**
   * One 401 for an unknown user, a wrong password and a login the account does
   * not accept (`acceptsLogin`: by default a wrong direction), all after the
   * same argon2 work. A disabled user with the right password gets 403.
   * Answers what the `answer` option makes of the user and the new token.
   */
  async login(request: LoginRequest): Promise<object> {
    const user = await this.users.verifyPassword({ login: request.username }, request.password);
    if (!user || !this.options.acceptsLogin(user, request)) {
      throw ApiError.unauthorized({ message: 'Invalid username, password or direction' });
    }
    if (!user.enabled)
      throw ApiError.forbidden('This account is disabled', ErrorCode.accountDisabled);

    return this.options.answer(user, await this.issue(user));
  }

  /** A new access token for a user already verified (a login, or a host's test through `@authkit/testing`). */
  async issue(user: AuthUser): Promise<{ accessToken: string; expiresAtSeconds: number }> {
    const accessToken = generateToken(LOGIN_TOKEN_PREFIX);
    const expiresAtSeconds = this.clock.nowSeconds() + this.options.accessTokenTtlSeconds;
    await this.tokens.insert({
      tokenHash: hashSecret(accessToken),
      userId: userKey(user),
      expiresAt: new Date(expiresAtSeconds * 1000),
    });
    return { accessToken, expiresAtSeconds };
  }

  /** The user a live token belongs to, or null (unknown, expired, revoked or the user disabled; the reason noted). */
  verifyAccessToken(token: string | null): MaybePromise<AuthUser | null> {
    if (!isWellFormedToken(token, LOGIN_TOKEN_PREFIX)) return refusedShape(token);
    // The lookup is by SHA-256 of the token: equality on a hash reveals nothing usable by timing.
    const hash = hashSecret(token);
    return this.cache.getOrVerify('password-login', hash, async () => {
      const found = await this.liveToken.find([hash]);
      // A revoked token is deleted: it is unknown from then on.
      if (!found) return refused('unknown');
      if (found.row.expiresAt <= this.clock.now()) return refused('expired');
      const user = found.user;
      if (!user) return refused('unknown');
      if (!user.enabled) return refused('disabled');
      return { value: user, expiresAt: found.row.expiresAt, tags: [userRevocationTag(user.id)] };
    });
  }

  /** A leaked token: deleted, and dropped from every instance's cache. Its user's id, or null when unknown. */
  async revokeLeakedToken(token: string): Promise<string | null> {
    const row = await this.tokens.findOneBy({ tokenHash: hashSecret(token) });
    if (!row) return null;
    await this.tokens.delete({ tokenHash: row.tokenHash });
    await this.revocations.revoke([userRevocationTag(row.userId)]);
    return row.userId;
  }

  /** Ends every token of the user; inside the caller's transaction when given its `manager` (which then announces the revocation). */
  async endAllOfUser(user: Pick<AuthUser, 'id'>, manager?: EntityManager): Promise<void> {
    await (manager?.getRepository(LoginAccessToken) ?? this.tokens).delete({
      userId: userKey(user),
    });
    if (!manager) await this.revocations.revoke([userRevocationTag(user.id)]);
  }

  purgeExpiredTokens(batchSize = this.options.purgeBatchSize): Promise<number> {
    return deleteInBatches(this.tokens, 'expires_at <= $1', [this.clock.now()], batchSize);
  }
}
