import { HttpStatus, Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ApiError,
  AuthAudit,
  Clock,
  type CredentialOverview,
  ErrorCode,
  RevocationBus,
} from '@authkit/core';
import {
  generateToken,
  graceEndsAt as graceWindowEnd,
  withinGrace,
  hashSecret,
  isWellFormedToken,
  safeEqual,
  sqlTable,
  validatePayload,
  conflictOnDuplicate,
  parseRateLimit,
  rateLimitOf,
} from '@authkit/core/internal';
import { IsNull, Repository } from 'typeorm';
import { ApiApp } from './entities/api-app.entity';
import { TokenFamily } from './entities/token-family.entity';
import { ADOPTED_APP_SECRET_PATTERN, AdoptedAppCredentials, NewApiApp } from './api-app.requests';
import { appRevocationTag } from './revocation-tags';

/** App secrets are `app_...` tokens (256 bits + checksum). */
export const APP_SECRET_PREFIX = 'app';
const UNKNOWN_APP_HASH = hashSecret('no app has this secret');

/** Registered apps (the token-realm API's Roomink front ends), shared by every realm. */
@Injectable()
export class ApiAppService {
  constructor(
    @InjectRepository(ApiApp) private readonly apps: Repository<ApiApp>,
    @InjectRepository(TokenFamily) private readonly families: Repository<TokenFamily>,
    private readonly clock: Clock,
    private readonly revocations: RevocationBus,
    @Optional() private readonly audit?: AuthAudit,
  ) {}

  /**
   * Registers an app; the secret is returned this once and only its SHA-256 is
   * stored. With `adopt`, a partner's existing `app_id` and secret are kept, so
   * its deployed front ends go on logging in unchanged.
   */
  async create(
    appName: string,
    adopted?: AdoptedAppCredentials,
    withScopes?: string[],
    rateLimit?: string,
  ): Promise<{ app: ApiApp; secret: string }> {
    const limit = rateLimit === undefined ? null : parseRateLimit(rateLimit);
    const { name, adopt, scopes } = validatePayload(NewApiApp, {
      name: appName,
      adopt: adopted,
      scopes: withScopes,
    });
    const scoped = scopes ? [...new Set(scopes)] : null;
    if (!adopt) {
      const secret = generateToken(APP_SECRET_PREFIX);
      const { identifiers } = await this.apps.insert({
        name,
        secretHash: hashSecret(secret),
        scopes: scoped,
        rateLimit: limit?.limit ?? null,
        rateLimitWindowSeconds: limit?.windowSeconds ?? null,
      });
      return { app: await this.apps.findOneByOrFail({ id: identifiers[0].id as number }), secret };
    }
    await conflictOnDuplicate('An app already has this app_id', () =>
      this.apps.manager.transaction(async (manager) => {
        const table = sqlTable(manager.connection, ApiApp);
        await manager.query(
          `INSERT INTO ${table} ("id", "name", "secret_hash", "scopes", "rate_limit", "rate_limit_window_seconds")
           OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            adopt.appId,
            name,
            hashSecret(adopt.secret),
            scoped,
            limit?.limit ?? null,
            limit?.windowSeconds ?? null,
          ],
        );
        // Ids generated from now on start above every adopted one.
        await manager.query(
          `SELECT setval(pg_get_serial_sequence($1, 'id'), (SELECT max("id") FROM ${table}))`,
          [table],
        );
      }),
    );
    return { app: await this.apps.findOneByOrFail({ id: adopt.appId }), secret: adopt.secret };
  }

  /**
   * The app when `secret` is its secret, or the secret a rotation replaced while its grace
   * window lasts; null for an unknown app or a wrong secret alike, after the same hashing and
   * comparisons.
   */
  async verify(appId: number, secret: string): Promise<ApiApp | null> {
    const app =
      isWellFormedToken(secret, APP_SECRET_PREFIX) || ADOPTED_APP_SECRET_PATTERN.test(secret)
        ? await this.apps
            .createQueryBuilder('app')
            .addSelect(['app.secretHash', 'app.previousSecretHash'])
            .where('app.id = :appId', { appId })
            .getOne()
        : null;
    const hash = hashSecret(secret);
    const current = safeEqual(hash, app?.secretHash ?? UNKNOWN_APP_HASH);
    const previous = safeEqual(hash, app?.previousSecretHash ?? UNKNOWN_APP_HASH);
    if (!app || !(current || (previous && withinGrace(app.graceEndsAt, this.clock.now()))))
      return null;
    const { secretHash: _secretHash, previousSecretHash: _previous, ...rest } = app;
    return Object.assign(new ApiApp(), rest);
  }

  /**
   * A new secret, returned this once. Without a grace window the old one stops logging in at
   * once; with one (`graceMs`), it logs in until the window ends, by the server's clock. The
   * realm tokens the app already holds are its users' grants, not the secret's: they live to
   * their own expiry either way (`app disable` ends them).
   */
  async rotateSecret(
    appId: number,
    graceMs = 0,
  ): Promise<{ appId: number; secret: string; graceEndsAt: Date | null }> {
    const secret = generateToken(APP_SECRET_PREFIX);
    const graceEndsAt = graceWindowEnd(this.clock.now(), graceMs);
    await this.apps.manager.transaction(async (manager) => {
      const found = await manager
        .createQueryBuilder(ApiApp, 'app')
        .addSelect('app.secretHash')
        .where('app.id = :appId', { appId })
        .setLock('pessimistic_write')
        .getOne();
      if (!found) throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.notFound, 'No such app');
      await manager.update(
        ApiApp,
        { id: appId },
        {
          secretHash: hashSecret(secret),
          previousSecretHash: graceEndsAt ? found.secretHash : null,
          graceEndsAt,
        },
      );
    });
    this.audit?.record({
      scheme: 'admin:app rotate-secret',
      principal: `app:${appId}`,
      outcome: 'success',
      reason: graceEndsAt ? `rotated, grace until ${graceEndsAt.toISOString()}` : 'rotated',
    });
    return { appId, secret, graceEndsAt };
  }

  /** Closes the grace windows that have ended (the previous secrets' hashes go), auditing each once. */
  async closeEndedGraceWindows(): Promise<number[]> {
    const ended: Array<{ id: number }> = await this.apps.manager.query(
      `WITH ended AS (UPDATE ${sqlTable(this.apps.manager.connection, ApiApp)}
         SET "previous_secret_hash" = NULL, "grace_ends_at" = NULL
         WHERE "grace_ends_at" <= $1
         RETURNING "id")
       SELECT * FROM ended`,
      [this.clock.now()],
    );
    for (const { id } of ended)
      this.audit?.record({
        scheme: 'admin:app rotate-secret',
        principal: `app:${id}`,
        outcome: 'success',
        reason: 'grace window ended',
      });
    return ended.map(({ id }) => id);
  }

  /** A leaked app secret: the app is disabled (its token families with it). Its id, or null when no app has it. */
  async revokeLeakedSecret(secret: string): Promise<number | null> {
    const hash = hashSecret(secret);
    const app =
      (await this.apps.findOneBy({ secretHash: hash })) ??
      (await this.apps.findOneBy({ previousSecretHash: hash }));
    if (!app) return null;
    await this.setEnabled(app.id, false);
    return app.id;
  }

  /** What an operator sees of an app: its scopes, its rate limit, its last use and an open grace window. */
  async overview(appId: number): Promise<CredentialOverview & { app: ApiApp }> {
    const app = Number.isSafeInteger(appId) ? await this.apps.findOneBy({ id: appId }) : null;
    if (!app) throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.notFound, 'No such app');
    const lastUsedAt = await this.audit?.lastSuccessOf([`app:${app.id}`]);
    return {
      app,
      scopes: app.scopes,
      rateLimit: rateLimitOf(app.rateLimit, app.rateLimitWindowSeconds),
      lastUsedAt: lastUsedAt ?? null,
      graceEndsAt: withinGrace(app.graceEndsAt, this.clock.now()) ? app.graceEndsAt : null,
    };
  }

  /** Disabling an app revokes every token family it holds, in every realm, at once. */
  async setEnabled(appId: number, enabled: boolean): Promise<ApiApp> {
    const app = await this.apps.findOneBy({ id: appId });
    if (!app) throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.notFound, 'No such app');
    await this.apps.update({ id: appId }, { enabled });
    if (!enabled) {
      await this.families.update(
        { app: { id: appId }, revokedAt: IsNull() },
        { revokedAt: this.clock.now() },
      );
      await this.revocations.revoke([appRevocationTag(appId)]);
    }
    return Object.assign(app, { enabled });
  }
}
