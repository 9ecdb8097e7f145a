import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError, Clock, CredentialCache, ErrorCode, hashSecret, isWellFormedToken, RevocationBus, safeEqual, UserStore } from '@authkit/core';
import { assertCleanText, deleteInBatches, generateHexSecret, generateIdentifier, isWellFormedHexSecret, isUniqueViolation, userRevocationTag } from '@authkit/core/internal';
import { Repository } from 'typeorm';
import { Site } from './entities/site.entity';
import { SiteAccessToken } from './entities/site-access-token.entity';
import { RESOLVED_SAAS_SITE_OPTIONS, type ResolvedSaasSiteOptions } from './saas-site.module-definition';
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

/** Compared against when the site is unknown, so that path costs what a wrong secret costs. */
const UNKNOWN_SITE_HASH = hashSecret('no site has this secret');

/**
 * Verifies the two credential forms of scheme 1 and mints access tokens.
 * Every refusal returns null (the guard turns it into one uniform 401);
 * only a suspended site with a valid secret is told apart (403).
 */
@Injectable()
export class SiteAuthService implements OnModuleInit {
  constructor(
    private readonly users: UserStore,
    private readonly revocations: RevocationBus,
    @InjectRepository(Site) private readonly sites: Repository<Site>,
    @InjectRepository(SiteAccessToken) private readonly accessTokens: Repository<SiteAccessToken>,
    private readonly clock: Clock,
    private readonly cache: CredentialCache,
    @Inject(RESOLVED_SAAS_SITE_OPTIONS) private readonly options: ResolvedSaasSiteOptions,
  ) {}

  onModuleInit(): void {
    // Sites are cached with their team user's tag: a disabled user's sites are refused on every instance.
    this.users.onUserDisabled((user) => this.revocations.revoke([userRevocationTag(user.id)]));
  }

  /** `X-Site` + `X-Site-Token`. */
  async verifySiteToken(siteName: unknown, token: unknown): Promise<VerifiedSite | null> {
    if (typeof siteName !== 'string' || siteName === '' || siteName.length > 255) return null;
    assertCleanText(siteName, 'X-Site');
    if (!isWellFormedToken(token, SITE_SECRET_PREFIX) && !isImportedSecretShape(token)) return null;
    const tokenHash = hashSecret(token);
    const site = await this.cache.getOrVerify<VerifiedSite>('saas-site-token', `${tokenHash}:${siteName}`, async () => {
      const found = await this.sites
        .createQueryBuilder('site')
        .addSelect('site.secretHash')
        .innerJoinAndSelect('site.team', 'team')
        .where('site.name = :siteName', { siteName })
        .getOne();
      const matches = safeEqual(tokenHash, found?.secretHash ?? UNKNOWN_SITE_HASH);
      const user = found && matches ? await this.users.findById(found.team.userId) : null;
      if (!found || !user) return null;
      // A site secret does not expire: the entry lives the cache's max age, or until rotation or suspension.
      return { value: { site: stripSecret(found), user }, tags: [siteRevocationTag(found.id), userRevocationTag(user.id)] };
    });
    return site && this.admit(site);
  }

  /** `X-Site-Access-Token: <id>:<secret>`, refused once expired by the server's clock. */
  async verifyAccessToken(header: unknown): Promise<VerifiedSite | null> {
    if (typeof header !== 'string') return null;
    const match = ACCESS_TOKEN_PATTERN.exec(header);
    if (!match || !isWellFormedHexSecret(match[2])) return null;
    const [, id, secret] = match;
    const secretHash = hashSecret(secret);
    const site = await this.cache.getOrVerify<VerifiedSite>('saas-site-access-token', `${id}:${secretHash}`, async () => {
      const token = await this.accessTokens
        .createQueryBuilder('token')
        .innerJoinAndSelect('token.site', 'site')
        .innerJoinAndSelect('site.team', 'team')
        .where('token.id = :id', { id })
        .getOne();
      const matches = safeEqual(secretHash, token?.secretHash ?? UNKNOWN_SITE_HASH);
      if (!token || !matches) return null;
      if (token.expiresAt.getTime() <= this.clock.now().getTime()) return null;
      const user = await this.users.findById(token.site.team.userId);
      if (!user) return null;
      return { value: { site: token.site, user }, expiresAt: token.expiresAt, tags: [siteRevocationTag(token.site.id), userRevocationTag(user.id)] };
    });
    return site && this.admit(site);
  }

  /**
   * Mints an `<id>:<secret>` access token for the site of `principal`. Only a
   * request authenticated by the site token itself may: an access token cannot renew itself.
   */
  async mintAccessToken(principal: SaasPrincipal): Promise<{ token: string; expiresAt: Date }> {
    if (principal.scheme !== SITE_TOKEN_STRATEGY) {
      throw ApiError.forbidden('Only the site token can generate access tokens', 'site_token_required');
    }
    const secret = generateHexSecret();
    const expiresAt = new Date(this.clock.now().getTime() + this.options.accessTokenTtlSeconds * 1000);
    for (let attempt = 0; ; attempt++) {
      const id = generateIdentifier(10);
      try {
        await this.accessTokens.insert({ id, secretHash: hashSecret(secret), site: { id: principal.site.id }, expiresAt });
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
    if (!verified.user.enabled) throw ApiError.forbidden("This site's team user is disabled", ErrorCode.accountDisabled);
    return verified;
  }
}

function isImportedSecretShape(token: unknown): token is string {
  return typeof token === 'string' && !token.startsWith(`${SITE_SECRET_PREFIX}_`) && IMPORTED_SITE_SECRET_PATTERN.test(token);
}

function stripSecret(site: Site): Site {
  const { secretHash: _secretHash, ...rest } = site;
  return Object.assign(new Site(), rest);
}
