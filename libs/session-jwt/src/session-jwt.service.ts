import { HttpStatus, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type AuthUser, Clock, RevocationBus, UserStore } from '@authkit/core';
import {
  CredentialCache,
  hashSecret,
  sqlTable,
  userKey,
  CredentialQuery,
  deleteInBatches,
  userRevocationTag,
  type VerifiedCredential,
  InjectUserStore,
  refused,
  type MaybePromise,
} from '@authkit/core/internal';
import { jwtVerify, SignJWT } from 'jose';
import { type EntityManager, Repository } from 'typeorm';
import { authenticateAnswer, AuthenticateAnswer } from './authenticate-answer';
import { JwtSession } from './entities/jwt-session.entity';
import { sessionRevocationTag, signingKeyRevocationTag } from './revocation-tags';
import {
  RESOLVED_SESSION_JWT_OPTIONS,
  type ResolvedSessionJwtOptions,
} from './session-jwt.module-definition';
import { SESSION_JWT_BEARER_STRATEGY, SessionJwtPrincipal } from './session-jwt-principal';
import { SessionJwtError, SessionJwtErrorCode } from './session-jwt-error';
import { JWT_ALGORITHM, SigningKeyService } from './signing-key.service';
import { verifySessionJwt } from './session-jwt.verifier';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TOKEN_LENGTH = 4096;

/**
 * Session JWT's sessions: `AuthenticateEx` opens one and answers an RS256 JWT
 * naming it (`sid`), `RenewSession` extends it, `CloseSession` ends it. A
 * token is accepted only when its signature, `exp`, `aud` and `iss` hold AND
 * its session is open and unexpired in the database.
 */
@Injectable()
export class SessionJwtService implements OnModuleInit {
  private readonly openSession: CredentialQuery<{
    id: string;
    expiresAt: Date;
    closedAt: Date | null;
  }>;

  constructor(
    @InjectRepository(JwtSession) private readonly sessions: Repository<JwtSession>,
    private readonly keys: SigningKeyService,
    @InjectUserStore() private readonly users: UserStore,
    private readonly clock: Clock,
    private readonly cache: CredentialCache,
    private readonly revocations: RevocationBus,
    @Inject(RESOLVED_SESSION_JWT_OPTIONS) private readonly options: ResolvedSessionJwtOptions,
  ) {
    const dataSource = sessions.manager.connection;
    this.openSession = new CredentialQuery(dataSource, users, {
      select: 's."id" AS "id", s."expires_at" AS "expiresAt", s."closed_at" AS "closedAt"',
      from: `${sqlTable(dataSource, JwtSession)} s`,
      // Closing and expiry are decided below, so that a refusal can say which.
      where: 's."id" = $1',
      userKey: 's."user_id"',
      parameterTypes: ['uuid'],
    });
  }

  onModuleInit(): void {
    this.users?.onUserDisabled((user, manager) => this.endAllOfUser(user, manager));
  }

  /**
   * Closes every open session of a disabled user, for good: re-enabling the user does not reopen
   * them. Inside the caller's transaction when given its `manager` (which then announces the revocation).
   */
  async endAllOfUser(user: Pick<AuthUser, 'id'>, manager?: EntityManager): Promise<void> {
    await (manager?.getRepository(JwtSession) ?? this.sessions)
      .createQueryBuilder()
      .update()
      .set({ closedAt: this.clock.now() })
      .where('user_id = :userId AND closed_at IS NULL', { userId: userKey(user) })
      .execute();
    if (!manager) await this.revocations.revoke([userRevocationTag(user.id)]);
  }

  /** `user_name` + `password` → a new session and its token. */
  async authenticate(userName: string, password: string): Promise<AuthenticateAnswer> {
    const user = await this.verifyUser(userName, password);
    if (!user)
      throw new SessionJwtError(
        HttpStatus.UNAUTHORIZED,
        SessionJwtErrorCode.wrongCredentials,
        'Wrong user name or password',
      );
    return this.startSession(user);
  }

  /** A new session and its token for a user already verified (a login, or a host's test through `@authkit/testing`). */
  async startSession(user: AuthUser): Promise<AuthenticateAnswer> {
    const expiresAt = this.sessionExpiry();
    const { identifiers } = await this.sessions.insert({
      userId: userKey(user),
      expiresAt,
      closedAt: null,
    });
    return authenticateAnswer(
      user,
      await this.sign(user, identifiers[0].id as string, expiresAt),
      expiresAt,
    );
  }

  /** A user for Basic or `AuthenticateEx` credentials; null when wrong; 403 when disabled. */
  async verifyUser(userName: string, password: string): Promise<AuthUser | null> {
    const user = await this.users.verifyPassword({ login: userName }, password);
    if (user && !user.enabled)
      throw new SessionJwtError(
        HttpStatus.FORBIDDEN,
        SessionJwtErrorCode.userDisabled,
        'This user is disabled',
      );
    return user;
  }

  /** A later expiry for the same session, and a token carrying it. */
  async renew(principal: SessionJwtPrincipal): Promise<AuthenticateAnswer> {
    const sessionId = requireSession(principal);
    const expiresAt = this.sessionExpiry();
    const result = await this.sessions
      .createQueryBuilder()
      .update()
      .set({ expiresAt })
      .where('id = :sessionId AND closed_at IS NULL AND expires_at > :now', {
        sessionId,
        now: this.clock.now(),
      })
      .execute();
    if (!result.affected) throw unauthenticated();
    return authenticateAnswer(
      principal.user,
      await this.sign(principal.user, sessionId, expiresAt),
      expiresAt,
    );
  }

  /**
   * A leaked session JWT: its session is closed if it is still open. Signed by
   * one of our keys, whichever issuer and audience it was minted for (the admin
   * CLI may be configured apart from the app that minted it). The session's user, or null.
   */
  async revokeLeakedToken(token: string): Promise<string | null> {
    let sid: unknown;
    try {
      ({
        payload: { sid },
      } = await jwtVerify(
        token,
        async (header) => {
          const key = await this.keys.verificationKey(header.kid);
          if (!key) throw UNKNOWN_KEY;
          return key;
        },
        { algorithms: [JWT_ALGORITHM] },
      ));
    } catch {
      return null;
    }
    if (typeof sid !== 'string' || !UUID.test(sid)) return null;
    const { raw } = await this.sessions
      .createQueryBuilder()
      .update()
      .set({ closedAt: this.clock.now() })
      .where('id = :sid AND closed_at IS NULL', { sid })
      .returning('user_id')
      .execute();
    const closed = raw as Array<{ user_id: string }>;
    if (closed.length === 0) return null;
    await this.revocations.revoke([sessionRevocationTag(sid)]);
    return closed[0].user_id;
  }

  /** Ends the session: every token naming it is refused from now on. */
  async close(principal: SessionJwtPrincipal): Promise<{ error_code: 'OK' }> {
    const sessionId = requireSession(principal);
    await this.sessions
      .createQueryBuilder()
      .update()
      .set({ closedAt: this.clock.now() })
      .where('id = :sessionId AND closed_at IS NULL', { sessionId })
      .execute();
    await this.revocations.revoke([sessionRevocationTag(sessionId)]);
    return { error_code: 'OK' };
  }

  /** The principal of a live token, or null for anything else (bad signature, alg, claims, or session). */
  verifyBearer(token: string | null): MaybePromise<SessionJwtPrincipal | null> {
    if (!token) return refused('missing');
    if (token.length > MAX_TOKEN_LENGTH) return refused('malformed');
    return this.cache.getOrVerify('session-jwt', hashSecret(token), () =>
      this.verifyBearerUncached(token),
    );
  }

  private async verifyBearerUncached(
    token: string,
  ): Promise<VerifiedCredential<SessionJwtPrincipal> | null> {
    const verdict = await verifySessionJwt(token, (kid) => this.keys.verificationKey(kid), {
      issuer: this.options.issuer,
      audience: this.options.audience,
      now: this.clock.now(),
    });
    // Expired by its exp claim; signed by no key of the ring (never one, or retired); or not a token of ours.
    if ('refused' in verdict) return refused(verdict.refused);
    const { claims, kid } = verdict;
    if (typeof claims.sid !== 'string' || !UUID.test(claims.sid)) return refused('malformed');
    const found = await this.openSession.find([claims.sid]);
    if (!found) return refused('unknown');
    const session = found.row;
    if (session.closedAt !== null) return refused('revoked');
    if (session.expiresAt <= this.clock.now()) return refused('expired');
    const user = found.user;
    if (!user || user.uuid !== claims.sub) return refused('unknown');
    if (!user.enabled) return refused('disabled');
    return {
      value: {
        scheme: SESSION_JWT_BEARER_STRATEGY,
        user,
        sessionId: session.id,
        sessionExpiresAt: session.expiresAt,
        roleNames: user.roleNames,
      },
      // Good until the sooner of the token's exp and the session's expiry, unless closed, the user disabled or the key retired.
      expiresAt: new Date(Math.min((claims.exp as number) * 1000, session.expiresAt.getTime())),
      tags: [
        sessionRevocationTag(session.id),
        userRevocationTag(user.id),
        signingKeyRevocationTag(kid),
      ],
    };
  }

  /** Deletes sessions that have expired or been closed; returns how many. */
  purgeEndedSessions(batchSize = this.options.purgeBatchSize): Promise<number> {
    return deleteInBatches(
      this.sessions,
      '"expires_at" <= $1 OR "closed_at" <= $1',
      [this.clock.now()],
      batchSize,
    );
  }

  private sessionExpiry(): Date {
    return new Date((this.clock.nowSeconds() + this.options.sessionTtlSeconds) * 1000);
  }

  private async sign(user: AuthUser, sessionId: string, expiresAt: Date): Promise<string> {
    const { kid, privateKey } = await this.keys.signer();
    return new SignJWT({ lgn: user.username, rls: [...user.roles], sid: sessionId })
      .setProtectedHeader({ alg: JWT_ALGORITHM, typ: 'JWT', kid })
      .setAudience(this.options.audience)
      .setIssuer(this.options.issuer)
      .setSubject(user.uuid)
      .setIssuedAt(this.clock.nowSeconds())
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(privateKey);
  }
}

const UNKNOWN_KEY = new Error('unknown kid');

function requireSession(principal: SessionJwtPrincipal): string {
  if (!principal.sessionId) {
    throw new SessionJwtError(
      HttpStatus.UNAUTHORIZED,
      SessionJwtErrorCode.sessionRequired,
      'This method needs the Bearer token of a live session',
    );
  }
  return principal.sessionId;
}

function unauthenticated(): SessionJwtError {
  return new SessionJwtError(
    HttpStatus.UNAUTHORIZED,
    SessionJwtErrorCode.unauthenticated,
    'The session is closed or expired',
  );
}
