import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type AuthUser, Clock, RevocationBus, UserStore } from '@authkit/core';
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
  withinGrace,
  type MaybePromise,
} from '@authkit/core/internal';
import { type EntityManager, LessThan, Repository } from 'typeorm';
import { ApiCode } from './entities/api-code.entity';
import { RpcSession } from './entities/rpc-session.entity';
import { UsedLoginToken } from './entities/used-login-token.entity';
import {
  RESOLVED_PARTNER_LOGIN_OPTIONS,
  type ResolvedPartnerLoginOptions,
} from './partner-login.module-definition';
import { PARTNER_SESSION_STRATEGY, PartnerSessionPrincipal } from './partner-session-principal';

export const SESSION_TOKEN_PREFIX = 'rpcsession';

function partnerSessionRevocationTag(tokenHash: string): string {
  return `partner-session:${tokenHash}`;
}

function apiCodeRevocationTag(apiCode: string): string {
  return `partner-api-code:${apiCode}`;
}

/** Partner login's session tokens: opened by `Core.login`/`Core.token_login`, stored as SHA-256, expiring. */
@Injectable()
export class PartnerSessionService implements OnModuleInit {
  private readonly liveSession: CredentialQuery<{
    apiCode: string | null;
    expiresAt: Date;
    codeEnabled: boolean | null;
    generationsBehind: number | null;
    graceEndsAt: Date | null;
  }>;

  constructor(
    @InjectRepository(RpcSession) private readonly sessions: Repository<RpcSession>,
    @InjectRepository(UsedLoginToken) private readonly usedTokens: Repository<UsedLoginToken>,
    @InjectUserStore() private readonly users: UserStore,
    private readonly clock: Clock,
    private readonly cache: CredentialCache,
    private readonly revocations: RevocationBus,
    @Inject(RESOLVED_PARTNER_LOGIN_OPTIONS) private readonly options: ResolvedPartnerLoginOptions,
  ) {
    const dataSource = sessions.manager.connection;
    // A session opened through an API code lives only while the code is enabled and at the secret's
    // generation it opened with (or the one before, while a rotation's grace window lasts).
    this.liveSession = new CredentialQuery(dataSource, users, {
      select: `s."api_code" AS "apiCode", s."expires_at" AS "expiresAt", c."enabled" AS "codeEnabled",
        c."secret_generation" - s."api_code_generation" AS "generationsBehind", c."grace_ends_at" AS "graceEndsAt"`,
      from: `${sqlTable(dataSource, RpcSession)} s LEFT JOIN ${sqlTable(dataSource, ApiCode)} c ON c."code" = s."api_code"`,
      // Expiry and the code's hold are decided below, so that a refusal can say which.
      where: 's."token_hash" = $1',
      userKey: 's."user_id"',
      parameterTypes: ['bpchar'],
    });
  }

  onModuleInit(): void {
    this.users?.onUserDisabled((user, manager) => this.endAllOfUser(user, manager));
  }

  /** A new session for the user; through an API code, at the generation of its secret the login read. */
  async open(
    user: AuthUser,
    through: { code: string; generation: number } | null,
  ): Promise<string> {
    const token = generateToken(SESSION_TOKEN_PREFIX);
    const expiresAt = new Date(this.clock.now().getTime() + this.options.sessionTtlSeconds * 1000);
    await this.sessions.insert({
      tokenHash: hashSecret(token),
      userId: userKey(user),
      apiCode: through?.code ?? null,
      apiCodeGeneration: through?.generation ?? null,
      expiresAt,
    });
    return token;
  }

  /** The principal of a live session token, or null (unknown, expired, or the user disabled). */
  verify(token: unknown): MaybePromise<PartnerSessionPrincipal | null> {
    if (!isWellFormedToken(token, SESSION_TOKEN_PREFIX)) return refusedShape(token);
    const hash = hashSecret(token);
    return this.cache.getOrVerify<PartnerSessionPrincipal>('partner-session', hash, async () => {
      const found = await this.liveSession.find([hash]);
      // An ended session is deleted: it is unknown from then on.
      if (!found) return refused('unknown');
      const session = found.row;
      const now = this.clock.now();
      const previous = session.generationsBehind === 1 && withinGrace(session.graceEndsAt, now);
      // Its API code disabled, or its secret rotated since the login (past the grace window, if any).
      if (
        session.apiCode !== null &&
        (!session.codeEnabled || (session.generationsBehind !== 0 && !previous))
      )
        return refused('revoked');
      if (session.expiresAt <= now) return refused('expired');
      const user = found.user;
      if (!user) return refused('unknown');
      if (!user.enabled) return refused('disabled');
      return {
        value: {
          scheme: PARTNER_SESSION_STRATEGY,
          user,
          apiCode: session.apiCode,
          sessionExpiresAt: session.expiresAt,
        },
        expiresAt:
          previous && session.graceEndsAt! < session.expiresAt
            ? session.graceEndsAt!
            : session.expiresAt,
        tags: [
          partnerSessionRevocationTag(hash),
          userRevocationTag(user.id),
          ...(session.apiCode === null ? [] : [apiCodeRevocationTag(session.apiCode)]),
        ],
      };
    });
  }

  /** A leaked session token: ended. Its user's id, or null when no session has it. */
  async revokeLeaked(token: string): Promise<string | null> {
    const row = await this.sessions.findOneBy({ tokenHash: hashSecret(token) });
    if (!row) return null;
    await this.end(token);
    return row.userId;
  }

  async end(token: string): Promise<void> {
    if (!isWellFormedToken(token, SESSION_TOKEN_PREFIX)) return;
    const hash = hashSecret(token);
    await this.sessions.delete({ tokenHash: hash });
    await this.revocations.revoke([partnerSessionRevocationTag(hash)]);
  }

  /** Ends every session an API code's login tokens opened (the code was disabled or its secret rotated). */
  async endAllOfApiCode(apiCode: string): Promise<void> {
    await this.sessions.delete({ apiCode });
    await this.revocations.revoke([apiCodeRevocationTag(apiCode)]);
  }

  /** Ends the sessions an API code's login tokens opened at a generation of its secret before `generation`. */
  async endOlderThan(apiCode: string, generation: number): Promise<void> {
    await this.sessions.delete({ apiCode, apiCodeGeneration: LessThan(generation) });
    await this.revocations.revoke([apiCodeRevocationTag(apiCode)]);
  }

  /** Ends every session of the user; inside the caller's transaction when given its `manager` (which then announces the revocation). */
  async endAllOfUser(user: Pick<AuthUser, 'id'>, manager?: EntityManager): Promise<void> {
    await (manager?.getRepository(RpcSession) ?? this.sessions).delete({ userId: userKey(user) });
    if (!manager) await this.revocations.revoke([userRevocationTag(user.id)]);
  }

  /** Expired sessions, and used-token records no skew could bring back into their window. */
  async purgeExpired(batchSize = this.options.purgeBatchSize): Promise<number> {
    const now = this.clock.now();
    const replayHorizon = new Date(now.getTime() - (this.options.clockSkewSeconds + 60) * 1000);
    return (
      (await deleteInBatches(this.sessions, '"expires_at" <= $1', [now], batchSize)) +
      (await deleteInBatches(this.usedTokens, '"expires_at" <= $1', [replayHorizon], batchSize))
    );
  }
}
