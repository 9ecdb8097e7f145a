import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError, Clock, ErrorCode, RevocationBus, UserStore } from '@authkit/core';
import {
  CredentialCache,
  hashSecret,
  isWellFormedToken,
  sqlTable,
  assertCleanText,
  CredentialQuery,
  deleteInBatches,
  generateHexSecret,
  generateIdentifier,
  isWellFormedHexSecret,
  isUniqueViolation,
  userRevocationTag,
  InjectUserStore,
  refused,
  refusedShape,
  withinGrace,
  andThen,
  type MaybePromise,
} from '@authkit/core/internal';
import { Repository } from 'typeorm';
import { Site } from './entities/site.entity';
import { SiteAccessToken } from './entities/site-access-token.entity';
import { Team } from './entities/team.entity';
import {
  RESOLVED_SAAS_SITE_OPTIONS,
  type ResolvedSaasSiteOptions,
} from './saas-site.module-definition';
import { SITE_TOKEN_STRATEGY, SaasPrincipal, type VerifiedSite } from './saas-principal';

/** Site secrets are prefixed, checksummed tokens: `site_...`. */
export const SITE_SECRET_PREFIX = 'site';
/**
 * Secrets imported from an existing deployment (Frappe's `fc_communication_secret`
 * is 32+ hex chars): no checksum to pre-check, still at least 128 bits of entropy.
 */
export const IMPORTED_SITE_SECRET_PATTERN = /^[A-Za-z0-9_.-]{32,256}$/;

const ACCESS_TOKEN_PATTERN = /^([a-z0-9]{10}):([0-9a-f]+)$/;
export function siteRevocationTag(siteId: number): string {
  return `site:${siteId}`;
}

/** A site and its team as the lookups read them (never the site's secret hash). */
interface SiteRow extends Record<string, unknown> {
  'site:id': number;
  'site:name': string;
  'site:status': Site['status'];
  'site:createdAt': Date;
  'site:secretRotatedAt': Date | null;
  'site:secretGeneration': number;
  'site:scopes': string[] | null;
  'site:graceEndsAt': Date | null;
  'site:rateLimit': number | null;
  'site:rateLimitWindowSeconds': number | null;
  'team:id': number;
  'team:name': string;
  'team:userId': string;
  'team:createdAt': Date;
}

const SITE_AND_TEAM_COLUMNS = `site."id" AS "site:id", site."name" AS "site:name", site."status" AS "site:status",
  site."created_at" AS "site:createdAt", site."secret_rotated_at" AS "site:secretRotatedAt", site."secret_generation" AS "site:secretGeneration", site."scopes" AS "site:scopes", site."grace_ends_at" AS "site:graceEndsAt",
  site."rate_limit" AS "site:rateLimit", site."rate_limit_window_seconds" AS "site:rateLimitWindowSeconds",
  team."id" AS "team:id", team."name" AS "team:name", team."user_id" AS "team:userId", team."created_at" AS "team:createdAt"`;

/**
 * Verifies the two credential forms of site key and mints access tokens.
 * Every refusal returns null (the guard turns it into one uniform 401);
 * only a suspended site with a valid secret is told apart (403).
 */
@Injectable()
export class SiteAuthService implements OnModuleInit {
  private readonly siteBySecret: CredentialQuery<SiteRow & { currentSecret: boolean }>;
  private readonly liveAccessToken: CredentialQuery<
    SiteRow & { expiresAt: Date; generationsBehind: number }
  >;

  constructor(
    @InjectUserStore() private readonly users: UserStore,
    private readonly revocations: RevocationBus,
    @InjectRepository(Site) private readonly sites: Repository<Site>,
    @InjectRepository(SiteAccessToken) private readonly accessTokens: Repository<SiteAccessToken>,
    private readonly clock: Clock,
    private readonly cache: CredentialCache,
    @Inject(RESOLVED_SAAS_SITE_OPTIONS) private readonly options: ResolvedSaasSiteOptions,
  ) {
    // A wrong secret and an unknown site are the same miss: no row. Equality on a SHA-256 reveals nothing usable by timing.
    const dataSource = sites.manager.connection;
    const siteAndTeam = `${sqlTable(dataSource, Site)} site JOIN ${sqlTable(dataSource, Team)} team ON team."id" = site."team_id"`;
    this.siteBySecret = new CredentialQuery(dataSource, users, {
      select: `${SITE_AND_TEAM_COLUMNS}, site."secret_hash" = $2 AS "currentSecret"`,
      from: siteAndTeam,
      // The previous secret matches too; whether its grace window still lasts is decided below.
      where: 'site."name" = $1 AND (site."secret_hash" = $2 OR site."previous_secret_hash" = $2)',
      userKey: 'team."user_id"',
      parameterTypes: ['text', 'bpchar'],
    });
    this.liveAccessToken = new CredentialQuery(dataSource, users, {
      select: `${SITE_AND_TEAM_COLUMNS}, token."expires_at" AS "expiresAt",
        site."secret_generation" - token."site_secret_generation" AS "generationsBehind"`,
      from: `${sqlTable(dataSource, SiteAccessToken)} token JOIN ${siteAndTeam} ON site."id" = token."site_id"`,
      // Expiry and the site's secret generation are decided below, so that a refusal can say which.
      where: 'token."id" = $1 AND token."secret_hash" = $2',
      userKey: 'team."user_id"',
      parameterTypes: ['text', 'bpchar'],
    });
  }

  onModuleInit(): void {
    // Sites are cached with their team user's tag: a disabled user's sites are refused on every instance
    // (inside a disabling transaction, its caller announces the tag once committed).
    this.users?.onUserDisabled((user, manager) =>
      manager ? undefined : this.revocations.revoke([userRevocationTag(user.id)]),
    );
  }

  /** `X-Site` + `X-Site-Token`. */
  verifySiteToken(siteName: unknown, token: unknown): MaybePromise<VerifiedSite | null> {
    if (typeof siteName !== 'string' || siteName === '' || siteName.length > 255)
      return refusedShape(siteName);
    assertCleanText(siteName, 'X-Site');
    if (!isWellFormedToken(token, SITE_SECRET_PREFIX) && !isImportedSecretShape(token))
      return refusedShape(token);
    const tokenHash = hashSecret(token);
    const site = this.cache.getOrVerify<VerifiedSite>(
      'saas-site-token',
      `${tokenHash}:${siteName}`,
      async () => {
        const found = await this.siteBySecret.find([siteName, tokenHash]);
        if (!found?.user) return refused('unknown');
        const { currentSecret, 'site:graceEndsAt': graceEnds } = found.row;
        // The secret a rotation replaced holds while its grace window lasts, by this server's clock.
        if (!currentSecret && !withinGrace(graceEnds, this.clock.now())) return refused('revoked');
        // What the previous secret mints belongs to the previous generation, and ends with the window.
        const site = siteOf(found.row, currentSecret ? 0 : 1);
        // A current secret does not expire: the entry lives the cache's max age, or until rotation or suspension.
        return {
          value: { site, user: found.user },
          expiresAt: currentSecret ? undefined : graceEnds!,
          tags: [siteRevocationTag(site.id), userRevocationTag(found.user.id)],
        };
      },
    );
    return andThen(site, (verified) => verified && this.admit(verified));
  }

  /** `X-Site-Access-Token: <id>:<secret>`, refused once expired by the server's clock. */
  verifyAccessToken(header: unknown): MaybePromise<VerifiedSite | null> {
    if (typeof header !== 'string') return refusedShape(header);
    const match = ACCESS_TOKEN_PATTERN.exec(header);
    if (!match || !isWellFormedHexSecret(match[2])) return refusedShape(header);
    const [, id, secret] = match;
    const secretHash = hashSecret(secret);
    const site = this.cache.getOrVerify<VerifiedSite>(
      'saas-site-access-token',
      `${id}:${secretHash}`,
      async () => {
        const found = await this.liveAccessToken.find([id, secretHash]);
        if (!found?.user) return refused('unknown');
        const { generationsBehind, expiresAt, 'site:graceEndsAt': graceEnds } = found.row;
        const now = this.clock.now();
        // Minted under the site's current secret, or under the previous one while its grace window
        // lasts: any other rotation since (even one racing the mint) ends it.
        const previous = generationsBehind === 1 && withinGrace(graceEnds, now);
        if (generationsBehind !== 0 && !previous) return refused('revoked');
        if (expiresAt <= now) return refused('expired');
        const site = siteOf(found.row);
        return {
          value: { site, user: found.user },
          expiresAt: previous && graceEnds! < expiresAt ? graceEnds! : expiresAt,
          tags: [siteRevocationTag(site.id), userRevocationTag(found.user.id)],
        };
      },
    );
    return andThen(site, (verified) => verified && this.admit(verified));
  }

  /**
   * Mints an `<id>:<secret>` access token for the site of `principal`. Only a
   * request authenticated by the site token itself may: an access token cannot renew itself.
   */
  async mintAccessToken(principal: SaasPrincipal): Promise<{ token: string; expiresAt: Date }> {
    if (principal.scheme !== SITE_TOKEN_STRATEGY) {
      throw ApiError.forbidden(
        'Only the site token can generate access tokens',
        'site_token_required',
      );
    }
    const secret = generateHexSecret();
    const expiresAt = new Date(
      this.clock.now().getTime() + this.options.accessTokenTtlSeconds * 1000,
    );
    for (let attempt = 0; ; attempt++) {
      const id = generateIdentifier(10);
      try {
        await this.accessTokens.insert({
          id,
          secretHash: hashSecret(secret),
          site: { id: principal.site.id },
          siteSecretGeneration: principal.site.secretGeneration,
          expiresAt,
        });
        return { token: `${id}:${secret}`, expiresAt };
      } catch (error) {
        // 36^10 ids make a collision rare; on one, draw another id.
        if (!isUniqueViolation(error) || attempt >= 3) throw error;
      }
    }
  }

  /** Deletes expired access tokens in batches; returns how many went. */
  purgeExpiredAccessTokens(batchSize = this.options.purgeBatchSize): Promise<number> {
    return deleteInBatches(this.accessTokens, 'expires_at <= $1', [this.clock.now()], batchSize);
  }

  /** A verified credential of a site that may act: active, and its team's user (whom requests run as) enabled. */
  private admit(verified: VerifiedSite): VerifiedSite {
    if (verified.site.status !== 'active') {
      throw ApiError.forbidden('This site is suspended', ErrorCode.siteSuspended);
    }
    if (!verified.user.enabled)
      throw ApiError.forbidden("This site's team user is disabled", ErrorCode.accountDisabled);
    return verified;
  }
}

function isImportedSecretShape(token: unknown): token is string {
  return (
    typeof token === 'string' &&
    !token.startsWith(`${SITE_SECRET_PREFIX}_`) &&
    IMPORTED_SITE_SECRET_PATTERN.test(token)
  );
}

/** The site of a row; `generationsBehind` 1 for a credential of the secret before the last rotation. */
function siteOf(row: SiteRow, generationsBehind = 0): Site {
  const team = Object.assign(new Team(), {
    id: row['team:id'],
    name: row['team:name'],
    userId: row['team:userId'],
    createdAt: row['team:createdAt'],
  });
  return Object.assign(new Site(), {
    id: row['site:id'],
    name: row['site:name'],
    status: row['site:status'],
    createdAt: row['site:createdAt'],
    secretRotatedAt: row['site:secretRotatedAt'],
    secretGeneration: row['site:secretGeneration'] - generationsBehind,
    graceEndsAt: row['site:graceEndsAt'],
    scopes: row['site:scopes'],
    rateLimit: row['site:rateLimit'],
    rateLimitWindowSeconds: row['site:rateLimitWindowSeconds'],
    team,
  });
}
