import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  ApiError,
  type AuthUser,
  type LimitedCredential,
  Clock,
  ErrorCode,
  RevocationBus,
  type UserLookup,
  UserStore,
} from '@authkit/core';
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
  rateLimitOf,
  type MaybePromise,
} from '@authkit/core/internal';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { ApiAppService } from './api-app.service';
import { ApiApp } from './entities/api-app.entity';
import { RealmAccessToken } from './entities/realm-access-token.entity';
import { RealmRefreshToken } from './entities/realm-refresh-token.entity';
import { TokenFamily } from './entities/token-family.entity';
import { formatExpiresAt } from './expires-at';
import { appRevocationTag, familyRevocationTag } from './revocation-tags';
import type { GrantRequest } from './grant-request';
import {
  RESOLVED_TOKEN_REALM_OPTIONS,
  type ResolvedTokenRealmOptions,
} from './token-realm.module-definition';
import { tokenRealmStrategyName, TokenRealmPrincipal } from './token-realm-principal';

export const ACCESS_TOKEN_PREFIX = 'access';
export const REFRESH_TOKEN_PREFIX = 'refresh';

/** The answer of `access_token` and `refresh_token` (the token-realm API). */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  /** Only for users (the password grant). */
  user_id?: number | string;
  /** `YYYY-MM-DD HH:mm:ss ±HHMM`: when the access token expires. */
  expires_at: string;
}

/** What the access-token lookup reads besides the user: the family, the token's expiry and the app of an app's family. */
interface LiveAccessToken extends Record<string, unknown> {
  familyId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  'app:id': number | null;
  'app:name': string | null;
  'app:enabled': boolean | null;
  'app:createdAt': Date | null;
  'app:scopes': string[] | null;
  'app:rateLimit': number | null;
  'app:rateLimitWindowSeconds': number | null;
}

/** RFC 7662's answer: `{ active: false }`, or what the live token is (times in unix seconds). */
export type TokenIntrospection =
  | { active: false }
  | {
      active: true;
      token_type: 'access_token' | 'refresh_token';
      realm: string;
      /** The user's id, or for an app's token the app's (its `client_id`). */
      sub: string;
      username?: string;
      client_id?: string;
      /** The app's scopes, space-separated; absent when the token has every scope. */
      scope?: string;
      exp: number;
      iat: number;
    };

/** Who asks to revoke a token (RFC 7009): an app by its credentials, or the holder of a family's access token. */
export type TokenRevoker = { appId: number } | { familyId: string };

interface FoundToken {
  type: 'access_token' | 'refresh_token';
  row: RealmAccessToken | RealmRefreshToken;
  family: TokenFamily;
}

const invalidCredentials = () =>
  ApiError.unauthorized({ message: 'Invalid login, email, app or secret' });
const invalidRefreshToken = () =>
  ApiError.unauthorized({
    code: ErrorCode.invalidToken,
    message: 'Invalid, expired or used refresh token',
  });

/**
 * One realm's token service (one instance per mounted realm): grants,
 * rotation with reuse detection, verification and revocation. Every token
 * row belongs to a family (one login) whose `realm` column binds it here.
 */
@Injectable()
export class TokenRealmService {
  private readonly liveAccessToken: CredentialQuery<LiveAccessToken>;

  constructor(
    @InjectRepository(RealmAccessToken) private readonly accessTokens: Repository<RealmAccessToken>,
    @InjectRepository(RealmRefreshToken)
    private readonly refreshTokens: Repository<RealmRefreshToken>,
    @InjectRepository(TokenFamily) private readonly families: Repository<TokenFamily>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectUserStore() private readonly users: UserStore,
    private readonly apps: ApiAppService,
    private readonly clock: Clock,
    private readonly cache: CredentialCache,
    private readonly revocations: RevocationBus,
    @Inject(RESOLVED_TOKEN_REALM_OPTIONS) readonly options: ResolvedTokenRealmOptions,
  ) {
    this.liveAccessToken = new CredentialQuery(dataSource, users, {
      select: `f."id" AS "familyId", t."expires_at" AS "expiresAt", f."revoked_at" AS "revokedAt",
        a."id" AS "app:id", a."name" AS "app:name", a."enabled" AS "app:enabled", a."created_at" AS "app:createdAt", a."scopes" AS "app:scopes",
        a."rate_limit" AS "app:rateLimit", a."rate_limit_window_seconds" AS "app:rateLimitWindowSeconds"`,
      from: `${sqlTable(dataSource, RealmAccessToken)} t
        JOIN ${sqlTable(dataSource, TokenFamily)} f ON f."id" = t."family_id"
        LEFT JOIN ${sqlTable(dataSource, ApiApp)} a ON a."id" = f."app_id"`,
      // Revocation and expiry are decided below, so that a refusal can say which.
      where: 't."token_hash" = $1 AND f."realm" = $2',
      userKey: 'f."user_id"',
      parameterTypes: ['bpchar', 'text'],
    });
  }

  get realm(): string {
    return this.options.realm;
  }

  /** `POST /<realm>/access_token`: a new family and its first pair. */
  async grant(request: GrantRequest): Promise<TokenPair> {
    const principal =
      request.grant === 'password'
        ? await this.verifyUser(request)
        : await this.verifyApp(request.appId, request.appSecret);
    return this.grantTo(principal);
  }

  /** A new family and its first pair for a user or app already verified (a grant, or a host's test through `@authkit/testing`). */
  async grantTo(principal: { user: AuthUser | null; app: ApiApp | null }): Promise<TokenPair> {
    return this.dataSource.transaction(async (manager) => {
      const family = await manager.save(
        manager.create(TokenFamily, {
          realm: this.realm,
          userId: principal.user ? userKey(principal.user) : null,
          app: principal.app,
          revokedAt: null,
        }),
      );
      return this.issuePair(manager, family, principal.user);
    });
  }

  /**
   * `POST /<realm>/refresh_token`. The database decides which presentation
   * wins: a conditional UPDATE claims the token, so of any number of
   * concurrent refreshes exactly one gets a new pair. A token presented after
   * its use (beyond the configured leeway) revokes its whole family. The use
   * time and the reuse decision are the database's (its clock is the one every
   * instance shares); expiry is decided on the injectable clock.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    if (!isWellFormedToken(refreshToken, REFRESH_TOKEN_PREFIX)) throw invalidRefreshToken();
    const hash = hashSecret(refreshToken);
    const now = this.clock.now();
    const pair = await this.dataSource.transaction(async (manager) => {
      const [claimed] = (await manager.query(
        `UPDATE ${sqlTable(this.dataSource, RealmRefreshToken)} AS token SET "used_at" = clock_timestamp()
           FROM ${sqlTable(this.dataSource, TokenFamily)} AS family
          WHERE token."token_hash" = $1 AND token."family_id" = family."id" AND family."realm" = $2
            AND family."revoked_at" IS NULL AND token."used_at" IS NULL AND token."expires_at" > $3
          RETURNING token."family_id" AS "familyId"`,
        [hash, this.realm, now],
      )) as [Array<{ familyId: string }>, number];
      if (claimed.length === 0) return null;
      const family = await manager.findOneOrFail(TokenFamily, {
        where: { id: claimed[0].familyId },
        relations: { app: true },
      });
      const user = family.userId === null ? null : await this.users.findById(family.userId);
      if (!(user?.enabled ?? family.app?.enabled)) return null;
      return this.issuePair(manager, family, user);
    });
    if (pair) return pair;
    await this.revokeFamilyOnReuse(hash);
    throw invalidRefreshToken();
  }

  /** The principal of a live `X-Access-Token` of this realm, or null. */
  verifyAccessToken(token: unknown): MaybePromise<TokenRealmPrincipal | null> {
    if (!isWellFormedToken(token, ACCESS_TOKEN_PREFIX)) return refusedShape(token);
    const hash = hashSecret(token);
    return this.cache.getOrVerify<TokenRealmPrincipal>(
      `token-realm:${this.realm}`,
      hash,
      async () => {
        const found = await this.liveAccessToken.find([hash, this.realm]);
        if (!found) return refused('unknown');
        const { row, user } = found;
        if (row.revokedAt !== null) return refused('revoked');
        if (row.expiresAt <= this.clock.now()) return refused('expired');
        const app = appOf(row);
        if (!user && !app) return refused('unknown');
        if (!(user?.enabled ?? app?.enabled)) return refused('disabled');
        return {
          value: {
            scheme: tokenRealmStrategyName(this.realm),
            realm: this.realm,
            familyId: row.familyId,
            user,
            app,
            scopes: app?.scopes ?? null,
            rateLimit: app && limitedApp(app),
          },
          expiresAt: row.expiresAt,
          tags: [
            familyRevocationTag(row.familyId),
            user ? userRevocationTag(user.id) : appRevocationTag(app!.id),
          ],
        };
      },
    );
  }

  /** Revokes the family of an access or refresh token of this realm (RFC 7009 style: unknown tokens are ignored). */
  async revokeToken(token: string): Promise<void> {
    const table = isWellFormedToken(token, REFRESH_TOKEN_PREFIX)
      ? this.refreshTokens
      : isWellFormedToken(token, ACCESS_TOKEN_PREFIX)
        ? this.accessTokens
        : null;
    if (!table) return;
    const row = await table.findOne({
      where: { tokenHash: hashSecret(token), family: { realm: this.realm } },
      relations: { family: true },
    });
    if (row) await this.revokeFamily(row.family.id);
  }

  /**
   * RFC 7662 introspection: what a live access or refresh token of this realm
   * is, or `{ active: false }` for anything else (unknown, expired, used,
   * revoked, its user or app disabled, another realm's), one answer for all.
   */
  async introspect(token: string): Promise<TokenIntrospection> {
    const found = await this.findToken(token);
    if (!found) return { active: false };
    const { type, row, family } = found;
    const now = this.clock.now();
    const used = type === 'refresh_token' && (row as RealmRefreshToken).usedAt !== null;
    if (family.revokedAt !== null || row.expiresAt <= now || used) return { active: false };
    const user = family.userId === null ? null : await this.users.findById(family.userId);
    if (!(user?.enabled ?? family.app?.enabled)) return { active: false };
    const clientId = family.app ? String(family.app.id) : undefined;
    return {
      active: true,
      token_type: type,
      realm: this.realm,
      sub: user ? String(user.id) : clientId!,
      ...(user ? { username: user.username } : {}),
      ...(clientId ? { client_id: clientId } : {}),
      ...(family.app?.scopes ? { scope: family.app.scopes.join(' ') } : {}),
      exp: Math.floor(row.expiresAt.getTime() / 1000),
      iat: Math.floor(row.createdAt.getTime() / 1000),
    };
  }

  /**
   * RFC 7009 revocation by a client: revokes the token's family when the
   * caller may (the app it was issued to, or a holder of the same family);
   * otherwise, as for an unknown token, nothing. The caller learns nothing
   * either way (the route answers 200).
   */
  async revokeAsClient(token: string, caller: TokenRevoker): Promise<void> {
    const found = await this.findToken(token);
    if (!found) return;
    const { family } = found;
    const allowed =
      'appId' in caller ? family.app?.id === caller.appId : family.id === caller.familyId;
    if (allowed) await this.revokeFamily(family.id);
  }

  /** The row of an access or refresh token of this realm, with its family (and the family's app). */
  private async findToken(token: string): Promise<FoundToken | null> {
    const type = isWellFormedToken(token, ACCESS_TOKEN_PREFIX)
      ? 'access_token'
      : isWellFormedToken(token, REFRESH_TOKEN_PREFIX)
        ? 'refresh_token'
        : null;
    if (!type) return null;
    const table: Repository<RealmAccessToken | RealmRefreshToken> =
      type === 'access_token' ? this.accessTokens : this.refreshTokens;
    const row = await table.findOne({
      where: { tokenHash: hashSecret(token), family: { realm: this.realm } },
      relations: { family: { app: true } },
    });
    return row ? { type, row, family: row.family } : null;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.families.update(
      { id: familyId, revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
    await this.accessTokens.delete({ family: { id: familyId } });
    await this.revocations.revoke([familyRevocationTag(familyId)]);
  }

  /** Deletes expired tokens, then families with no token left; returns the rows removed. */
  async purgeExpired(batchSize = this.options.purgeBatchSize): Promise<number> {
    const now = this.clock.now();
    const [families, accessTokens, refreshTokens] = [
      TokenFamily,
      RealmAccessToken,
      RealmRefreshToken,
    ].map((entity) => sqlTable(this.dataSource, entity));
    const inRealm = `"family_id" IN (SELECT "id" FROM ${families} WHERE "realm" = $2)`;
    let removed = await deleteInBatches(
      this.accessTokens,
      `"expires_at" <= $1 AND ${inRealm}`,
      [now, this.realm],
      batchSize,
    );
    removed += await deleteInBatches(
      this.refreshTokens,
      `"expires_at" <= $1 AND ${inRealm}`,
      [now, this.realm],
      batchSize,
    );
    removed += await deleteInBatches(
      this.families,
      `"realm" = $1 AND NOT EXISTS (SELECT 1 FROM ${accessTokens} a WHERE a."family_id" = "token_realm_family"."id")
                   AND NOT EXISTS (SELECT 1 FROM ${refreshTokens} r WHERE r."family_id" = "token_realm_family"."id")`,
      [this.realm],
      batchSize,
    );
    return removed;
  }

  private async issuePair(
    manager: EntityManager,
    family: TokenFamily,
    user: AuthUser | null,
  ): Promise<TokenPair> {
    const now = this.clock.now().getTime();
    const accessToken = generateToken(ACCESS_TOKEN_PREFIX);
    const refreshToken = generateToken(REFRESH_TOKEN_PREFIX);
    // Whole seconds, so the expiry the client reads is exactly the one enforced.
    const accessExpiresAt = new Date(
      Math.floor(now / 1000 + this.options.accessTokenTtlSeconds) * 1000,
    );
    const refreshExpiresAt = new Date(now + this.options.refreshTokenTtlSeconds * 1000);
    // Issued at the injectable clock's time, as they expire by it (introspection's `iat`).
    const issuedAt = new Date(now);
    await manager.insert(RealmAccessToken, {
      tokenHash: hashSecret(accessToken),
      family: { id: family.id },
      createdAt: issuedAt,
      expiresAt: accessExpiresAt,
    });
    await manager.insert(RealmRefreshToken, {
      tokenHash: hashSecret(refreshToken),
      family: { id: family.id },
      createdAt: issuedAt,
      expiresAt: refreshExpiresAt,
      usedAt: null,
    });
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      ...(user ? { user_id: user.id } : {}),
      expires_at: formatExpiresAt(accessExpiresAt, this.options.utcOffsetMinutes),
    };
  }

  /**
   * Decided in SQL on the database's clock: a racer that lost the claim runs
   * this after the winner committed, so it always sees the use, whatever the
   * clocks of the instances that served the two requests.
   */
  private async revokeFamilyOnReuse(hash: string): Promise<void> {
    const reused = (await this.refreshTokens.query(
      `SELECT token."family_id" AS "familyId" FROM ${sqlTable(this.dataSource, RealmRefreshToken)} AS token
         JOIN ${sqlTable(this.dataSource, TokenFamily)} AS family ON family."id" = token."family_id"
        WHERE token."token_hash" = $1 AND family."realm" = $2 AND token."used_at" IS NOT NULL
          AND token."used_at" <= clock_timestamp() - make_interval(secs => $3)`,
      [hash, this.realm, this.options.reuseLeewaySeconds],
    )) as Array<{ familyId: string }>;
    if (reused.length > 0) await this.revokeFamily(reused[0].familyId);
  }

  private async verifyUser(
    request: Extract<GrantRequest, { grant: 'password' }>,
  ): Promise<{ user: AuthUser; app: null }> {
    const by: UserLookup =
      request.login !== undefined ? { login: request.login } : { email: request.email! };
    const user = await this.users.verifyPassword(by, request.password);
    if (!user) throw invalidCredentials();
    if (!user.enabled)
      throw ApiError.forbidden('This account is disabled', ErrorCode.accountDisabled);
    return { user, app: null };
  }

  private async verifyApp(appId: number, secret: string): Promise<{ user: null; app: ApiApp }> {
    const app = await this.apps.verify(appId, secret);
    if (!app) throw invalidCredentials();
    if (!app.enabled) throw ApiError.forbidden('This app is disabled', ErrorCode.accountDisabled);
    return { user: null, app };
  }
}

function appOf(row: LiveAccessToken): ApiApp | null {
  if (row['app:id'] === null) return null;
  return Object.assign(new ApiApp(), {
    id: row['app:id'],
    name: row['app:name'],
    enabled: row['app:enabled'],
    createdAt: row['app:createdAt'],
    scopes: row['app:scopes'],
    rateLimit: row['app:rateLimit'],
    rateLimitWindowSeconds: row['app:rateLimitWindowSeconds'],
  });
}

/** An app's limit counts every request made with its grants' tokens, together. */
function limitedApp(app: ApiApp): LimitedCredential | null {
  const limit = rateLimitOf(app.rateLimit, app.rateLimitWindowSeconds);
  return limit && { key: `app:${app.id}`, ...limit };
}
