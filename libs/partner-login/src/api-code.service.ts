import { HttpStatus, Inject, Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError, AuthAudit, Clock, type CredentialOverview, ErrorCode } from '@authkit/core';
import {
  generateToken,
  graceEndsAt as graceWindowEnd,
  sqlTable,
  withinGrace,
  safeEqual,
  assertSealedWithThisSecret,
  conflictOnDuplicate,
  SecretBox,
  loginAccount,
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
    private readonly clock: Clock,
    @Inject(RESOLVED_PARTNER_LOGIN_OPTIONS) options: ResolvedPartnerLoginOptions,
    @Optional() private readonly audit?: AuthAudit,
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

  /**
   * An enabled code's secrets a login token may be sealed with, each with its generation (what a
   * session it opens keeps): the current one, then the one a rotation replaced while its grace
   * window lasts. Null for an unknown or disabled code.
   */
  async secretsOf(code: string): Promise<Array<{ secret: string; generation: number }> | null> {
    if (!API_CODE_PATTERN.test(code)) return null;
    const row = await this.codes
      .createQueryBuilder('code')
      .addSelect(['code.secretSealed', 'code.previousSecretSealed'])
      .where('code.code = :code', { code })
      .getOne();
    if (!row?.enabled) return null;
    const secrets = [{ secret: this.box.open(row.secretSealed), generation: row.secretGeneration }];
    if (row.previousSecretSealed && withinGrace(row.graceEndsAt, this.clock.now()))
      secrets.push({
        secret: this.box.open(row.previousSecretSealed),
        generation: row.secretGeneration - 1,
      });
    return secrets;
  }

  /** What an operator sees of an API code: its last use and an open grace window (codes carry no scopes or limit). */
  async overview(code: string): Promise<CredentialOverview & { code: string; enabled: boolean }> {
    const found = API_CODE_PATTERN.test(code) ? await this.codes.findOneBy({ code }) : null;
    if (!found) throw noSuchCode();
    const lastUsedAt = await this.audit?.lastSuccessOf([
      loginAccount('apicode', found.code),
      `api-code:${found.code}`,
    ]);
    return {
      code: found.code,
      enabled: found.enabled,
      scopes: null,
      rateLimit: null,
      lastUsedAt: lastUsedAt ?? null,
      graceEndsAt: withinGrace(found.graceEndsAt, this.clock.now()) ? found.graceEndsAt : null,
    };
  }

  /** Disabling a code refuses its login tokens and ends every session they opened. */
  async setEnabled(code: string, enabled: boolean): Promise<{ code: string; enabled: boolean }> {
    const { affected } = await this.codes.update({ code }, { enabled });
    if (!affected) throw noSuchCode();
    if (!enabled) await this.sessions.endAllOfApiCode(code);
    return { code, enabled };
  }

  /**
   * A leaked API-code secret: the code's secret is replaced by one nobody is
   * shown (run `api-code rotate-secret` to give the partner a new one), which
   * ends its sessions; a leaked previous secret still in its grace window ends the window.
   * The code, or null when no code has this secret (secrets are sealed at rest, so each is
   * opened and compared in constant time).
   */
  async revokeLeakedSecret(secret: string): Promise<string | null> {
    for (const { code } of await this.codes.find({ select: { code: true } })) {
      const [current, previous] = (await this.secretsOf(code)) ?? [];
      if (current && safeEqual(current.secret, secret)) {
        await this.rotateSecret(code);
        return code;
      }
      if (previous && safeEqual(previous.secret, secret)) {
        await this.codes.update({ code }, { previousSecretSealed: null, graceEndsAt: null });
        await this.sessions.endOlderThan(code, current!.generation);
        return code;
      }
    }
    return null;
  }

  /**
   * A new secret, returned this once. Without a grace window, login tokens sealed with the old
   * one are refused and the code's sessions end, at once. With one (`graceMs`), the old secret
   * still opens login tokens, and the sessions they open live, until the window ends by the
   * server's clock; a secret older than that, and its sessions, end now.
   */
  async rotateSecret(
    code: string,
    graceMs = 0,
  ): Promise<{ code: string; secret: string; graceEndsAt: Date | null }> {
    const secret = generateToken(API_CODE_SECRET_PREFIX);
    const graceEndsAt = graceWindowEnd(this.clock.now(), graceMs);
    const previous = await this.codes.manager.transaction(async (manager) => {
      const found = await manager
        .createQueryBuilder(ApiCode, 'code')
        .addSelect('code.secretSealed')
        .where('code.code = :code', { code })
        .setLock('pessimistic_write')
        .getOne();
      if (!found) throw noSuchCode();
      await manager.update(
        ApiCode,
        { code },
        {
          secretSealed: this.box.seal(secret),
          previousSecretSealed: graceEndsAt ? found.secretSealed : null,
          graceEndsAt,
          secretGeneration: () => '"secret_generation" + 1',
        },
      );
      return found;
    });
    if (graceEndsAt) await this.sessions.endOlderThan(code, previous.secretGeneration);
    else await this.sessions.endAllOfApiCode(code);
    this.audit?.record({
      scheme: 'admin:api-code rotate-secret',
      principal: `api-code:${code}`,
      outcome: 'success',
      reason: graceEndsAt ? `rotated, grace until ${graceEndsAt.toISOString()}` : 'rotated',
    });
    return { code, secret, graceEndsAt };
  }

  /**
   * Closes the grace windows that have ended: the previous secrets go, with the sessions their
   * login tokens opened, and each close is audited (once, whichever instance sweeps).
   * Verification already refuses them from the window's end.
   */
  async closeEndedGraceWindows(): Promise<string[]> {
    const ended: Array<{ code: string; generation: number }> = await this.codes.manager.query(
      `WITH ended AS (UPDATE ${sqlTable(this.codes.manager.connection, ApiCode)}
         SET "previous_secret_sealed" = NULL, "grace_ends_at" = NULL
         WHERE "grace_ends_at" <= $1
         RETURNING "code", "secret_generation" AS "generation")
       SELECT * FROM ended`,
      [this.clock.now()],
    );
    for (const { code, generation } of ended) {
      await this.sessions.endOlderThan(code, generation);
      this.audit?.record({
        scheme: 'admin:api-code rotate-secret',
        principal: `api-code:${code}`,
        outcome: 'success',
        reason: 'grace window ended',
      });
    }
    return ended.map(({ code }) => code);
  }
}

function noSuchCode(): ApiError {
  return new ApiError(HttpStatus.NOT_FOUND, ErrorCode.notFound, 'No such API code');
}
