import { HttpStatus, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError, ErrorCode } from '@authkit/core';
import {
  generateToken,
  safeEqual,
  assertSealedWithThisSecret,
  conflictOnDuplicate,
  SecretBox,
} from '@authkit/core/internal';
import { Repository } from 'typeorm';
import { ApiCode } from './entities/api-code.entity';
import { PartnerSessionService } from './partner-session.service';
import {
  RESOLVED_PARTNER_LOGIN_OPTIONS,
  type ResolvedPartnerLoginOptions,
} from './partner-login.module-definition';

export const API_CODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The prefix of the API-code secrets this package mints (`apicode_...`). */
export const API_CODE_SECRET_PREFIX = 'apicode';

/** Partners' API codes and their shared secrets (sealed at rest). */
@Injectable()
export class ApiCodeService implements OnApplicationBootstrap {
  private readonly box: SecretBox;

  constructor(
    @InjectRepository(ApiCode) private readonly codes: Repository<ApiCode>,
    private readonly sessions: PartnerSessionService,
    @Inject(RESOLVED_PARTNER_LOGIN_OPTIONS) options: ResolvedPartnerLoginOptions,
  ) {
    this.box = new SecretBox(options.masterSecret, 'partner-api-code-secret');
  }

  /** Refuses to start when the stored secrets were sealed under another master secret. */
  async onApplicationBootstrap(): Promise<void> {
    const newest = await this.codes
      .createQueryBuilder('code')
      .addSelect('code.secretSealed')
      .orderBy('code.createdAt', 'DESC')
      .getOne();
    assertSealedWithThisSecret(this.box, newest?.secretSealed, "Partners' API-code secrets");
  }

  /** Creates a code with a new server-generated secret, returned this once. */
  async create(code: string): Promise<{ code: string; secret: string }> {
    if (typeof code !== 'string' || !API_CODE_PATTERN.test(code)) {
      throw ApiError.badRequest('code must be 1 to 64 letters, digits, "_" or "-"');
    }
    const secret = generateToken(API_CODE_SECRET_PREFIX);
    await conflictOnDuplicate('This API code already exists', () =>
      this.codes.insert({ code, secretSealed: this.box.seal(secret), enabled: true }),
    );
    return { code, secret };
  }

  /** The secret of an enabled code, or null for an unknown or disabled one. */
  /** An enabled code's secret, with the generation it is at (what a session it opens keeps). */
  async secretOf(code: string): Promise<{ secret: string; generation: number } | null> {
    if (!API_CODE_PATTERN.test(code)) return null;
    const row = await this.codes
      .createQueryBuilder('code')
      .addSelect('code.secretSealed')
      .where('code.code = :code', { code })
      .getOne();
    return row?.enabled
      ? { secret: this.box.open(row.secretSealed), generation: row.secretGeneration }
      : null;
  }

  /** Disabling a code refuses its login tokens and ends every session they opened. */
  async setEnabled(code: string, enabled: boolean): Promise<{ code: string; enabled: boolean }> {
    const { affected } = await this.codes.update({ code }, { enabled });
    if (!affected) throw noSuchCode();
    if (!enabled) await this.sessions.endAllOfApiCode(code);
    return { code, enabled };
  }

  /** A new secret, returned this once: tokens sealed with the old one are refused, and the code's sessions end. */
  /**
   * A leaked API-code secret: the code's secret is replaced by one nobody is
   * shown (run `api-code rotate-secret` to give the partner a new one), which
   * ends its sessions. The code, or null when no code has this secret (secrets
   * are sealed at rest, so each is opened and compared in constant time).
   */
  async revokeLeakedSecret(secret: string): Promise<string | null> {
    for (const { code } of await this.codes.find({ select: { code: true } })) {
      const current = await this.secretOf(code);
      if (current && safeEqual(current.secret, secret)) {
        await this.rotateSecret(code);
        return code;
      }
    }
    return null;
  }

  async rotateSecret(code: string): Promise<{ code: string; secret: string }> {
    const secret = generateToken(API_CODE_SECRET_PREFIX);
    const { affected } = await this.codes.update(
      { code },
      { secretSealed: this.box.seal(secret), secretGeneration: () => '"secret_generation" + 1' },
    );
    if (!affected) throw noSuchCode();
    await this.sessions.endAllOfApiCode(code);
    return { code, secret };
  }
}

function noSuchCode(): ApiError {
  return new ApiError(HttpStatus.NOT_FOUND, ErrorCode.notFound, 'No such API code');
}
