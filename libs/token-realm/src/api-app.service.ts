import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError, Clock, ErrorCode, RevocationBus } from '@authkit/core';
import {
  generateToken,
  hashSecret,
  isWellFormedToken,
  safeEqual,
  sqlTable,
  validatePayload,
  conflictOnDuplicate,
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
  ): Promise<{ app: ApiApp; secret: string }> {
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
      });
      return { app: await this.apps.findOneByOrFail({ id: identifiers[0].id as number }), secret };
    }
    await conflictOnDuplicate('An app already has this app_id', () =>
      this.apps.manager.transaction(async (manager) => {
        const table = sqlTable(manager.connection, ApiApp);
        await manager.query(
          `INSERT INTO ${table} ("id", "name", "secret_hash", "scopes") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4)`,
          [adopt.appId, name, hashSecret(adopt.secret), scoped],
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
   * The app when `secret` is its secret; null for an unknown app or a wrong
   * secret alike, after the same hashing and comparison.
   */
  async verify(appId: number, secret: string): Promise<ApiApp | null> {
    const app =
      isWellFormedToken(secret, APP_SECRET_PREFIX) || ADOPTED_APP_SECRET_PATTERN.test(secret)
        ? await this.apps
            .createQueryBuilder('app')
            .addSelect('app.secretHash')
            .where('app.id = :appId', { appId })
            .getOne()
        : null;
    const matches = safeEqual(hashSecret(secret), app?.secretHash ?? UNKNOWN_APP_HASH);
    if (!app || !matches) return null;
    const { secretHash: _secretHash, ...rest } = app;
    return Object.assign(new ApiApp(), rest);
  }

  /** A leaked app secret: the app is disabled (its token families with it). Its id, or null when no app has it. */
  async revokeLeakedSecret(secret: string): Promise<number | null> {
    const app = await this.apps.findOneBy({ secretHash: hashSecret(secret) });
    if (!app) return null;
    await this.setEnabled(app.id, false);
    return app.id;
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
