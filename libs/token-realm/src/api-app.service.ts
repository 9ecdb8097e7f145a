import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError, Clock, ErrorCode, RevocationBus, generateToken, hashSecret, isWellFormedToken, safeEqual } from '@authkit/core';
import { IsNull, Repository } from 'typeorm';
import { ApiApp } from './entities/api-app.entity';
import { TokenFamily } from './entities/token-family.entity';
import { appRevocationTag } from './revocation-tags';

/** App secrets are `app_...` tokens (256 bits + checksum). */
export const APP_SECRET_PREFIX = 'app';
const UNKNOWN_APP_HASH = hashSecret('no app has this secret');

/** Registered apps (seed 003's Roomink front ends), shared by every realm. */
@Injectable()
export class ApiAppService {
  constructor(
    @InjectRepository(ApiApp) private readonly apps: Repository<ApiApp>,
    @InjectRepository(TokenFamily) private readonly families: Repository<TokenFamily>,
    private readonly clock: Clock,
    private readonly revocations: RevocationBus,
  ) {}

  /** Registers an app; the secret is returned this once and only its SHA-256 is stored. */
  async create(name: string): Promise<{ app: ApiApp; secret: string }> {
    if (typeof name !== 'string' || name.trim() === '' || name.length > 150) {
      throw ApiError.badRequest('name must be a non-empty string of at most 150 characters');
    }
    const secret = generateToken(APP_SECRET_PREFIX);
    const { identifiers } = await this.apps.insert({ name, secretHash: hashSecret(secret) });
    const app = await this.apps.findOneByOrFail({ id: identifiers[0].id as number });
    return { app, secret };
  }

  /**
   * The app when `secret` is its secret; null for an unknown app or a wrong
   * secret alike, after the same hashing and comparison.
   */
  async verify(appId: number, secret: string): Promise<ApiApp | null> {
    const app = isWellFormedToken(secret, APP_SECRET_PREFIX)
      ? await this.apps.createQueryBuilder('app').addSelect('app.secretHash').where('app.id = :appId', { appId }).getOne()
      : null;
    const matches = safeEqual(hashSecret(secret), app?.secretHash ?? UNKNOWN_APP_HASH);
    if (!app || !matches) return null;
    const { secretHash: _secretHash, ...rest } = app;
    return Object.assign(new ApiApp(), rest);
  }

  /** Disabling an app revokes every token family it holds, in every realm, at once. */
  async setEnabled(appId: number, enabled: boolean): Promise<ApiApp> {
    const app = await this.apps.findOneBy({ id: appId });
    if (!app) throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.notFound, 'No such app');
    await this.apps.update({ id: appId }, { enabled });
    if (!enabled) {
      await this.families.update({ app: { id: appId }, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
      await this.revocations.revoke([appRevocationTag(appId)]);
    }
    return Object.assign(app, { enabled });
  }
}
