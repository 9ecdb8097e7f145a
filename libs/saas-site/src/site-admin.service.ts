import { HttpStatus, Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ApiError,
  AuthAudit,
  Clock,
  type CredentialOverview,
  ErrorCode,
  RevocationBus,
  UserStore,
} from '@authkit/core';
import {
  generateToken,
  graceEndsAt as graceWindowEnd,
  hashSecret,
  userKey,
  validatePayload,
  conflictOnDuplicate,
  InjectUserStore,
  sqlTable,
  parseRateLimit,
  assertCleanText,
  loginAccount,
  rateLimitOf,
  withinGrace,
} from '@authkit/core/internal';
import { DataSource, LessThan, Repository } from 'typeorm';
import { Site } from './entities/site.entity';
import { SiteAccessToken } from './entities/site-access-token.entity';
import { Team } from './entities/team.entity';
import { NewSite, NewTeam } from './site-admin.requests';
import { SITE_SECRET_PREFIX, siteRevocationTag } from './site-auth.service';

/** Provisioning: teams, sites, and their secrets (shown once, stored hashed). */
@Injectable()
export class SiteAdminService {
  constructor(
    @InjectRepository(Team) private readonly teams: Repository<Team>,
    @InjectRepository(Site) private readonly sites: Repository<Site>,
    @InjectUserStore() private readonly users: UserStore,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly revocations: RevocationBus,
    @Optional() private readonly audit?: AuthAudit,
  ) {}

  async createTeam(teamName: string, userLogin: string): Promise<Team> {
    const { name, username } = validatePayload(NewTeam, { name: teamName, username: userLogin });
    const user = await this.users.findByLogin({ login: username });
    if (!user) throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.notFound, 'No such user');
    return conflictOnDuplicate('A team with this name already exists', () =>
      this.teams.save(this.teams.create({ name, userId: userKey(user) })),
    );
  }

  /**
   * Creates a site and returns its communication secret: the only time it is
   * visible. `importSecret` adopts the secret a deployed site already has
   * (32 to 256 of [A-Za-z0-9_.-]), for a migration from an existing control plane.
   * `rateLimit` (`100/60s`) limits the requests of the site's credentials together.
   */
  async createSite(
    siteName: string,
    ofTeam: string,
    secretToImport?: string,
    withScopes?: string[],
    rateLimit?: string,
  ): Promise<{ site: Site; secret: string }> {
    const limit = rateLimit === undefined ? null : parseRateLimit(rateLimit);
    const { name, teamName, importSecret, scopes } = validatePayload(NewSite, {
      name: siteName,
      teamName: ofTeam,
      importSecret: secretToImport,
      scopes: withScopes,
    });
    const team = await this.teams.findOneBy({ name: teamName });
    if (!team) throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.notFound, 'No such team');
    const secret = importSecret ?? generateToken(SITE_SECRET_PREFIX);
    const site = await conflictOnDuplicate('A site with this name already exists', () =>
      this.sites.save(
        this.sites.create({
          name,
          team,
          secretHash: hashSecret(secret),
          status: 'active',
          scopes: scopes ? [...new Set(scopes)] : null,
          rateLimit: limit?.limit ?? null,
          rateLimitWindowSeconds: limit?.windowSeconds ?? null,
        }),
      ),
    );
    return { site, secret };
  }

  /**
   * Replaces the site's secret. Without a grace window the old one is refused from now on, and
   * the access tokens minted with it are revoked too (a leaked secret may have minted them).
   * With one (`graceMs`), the old secret and its access tokens keep working until the window
   * ends, by the server's clock, so that the site can be redeployed meanwhile; a secret older
   * than that, and its tokens, end now.
   */
  async rotateSiteToken(
    name: string,
    graceMs = 0,
  ): Promise<{ site: Site; secret: string; graceEndsAt: Date | null }> {
    const secret = generateToken(SITE_SECRET_PREFIX);
    const rotatedAt = this.clock.now();
    const graceEndsAt = graceWindowEnd(rotatedAt, graceMs);
    const site = await this.dataSource.transaction(async (manager) => {
      const found = await manager
        .createQueryBuilder(Site, 'site')
        .addSelect('site.secretHash')
        .where('site.name = :name', { name })
        .setLock('pessimistic_write')
        .getOne();
      if (!found) throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.notFound, 'No such site');
      await manager.update(
        Site,
        { id: found.id },
        {
          secretHash: hashSecret(secret),
          previousSecretHash: graceEndsAt ? found.secretHash : null,
          graceEndsAt,
          secretRotatedAt: rotatedAt,
          secretGeneration: () => '"secret_generation" + 1',
        },
      );
      const kept = graceEndsAt ? found.secretGeneration : found.secretGeneration + 1;
      await manager.delete(SiteAccessToken, {
        site: { id: found.id },
        siteSecretGeneration: LessThan(kept),
      });
      return found;
    });
    await this.revocations.revoke([siteRevocationTag(site.id)]);
    this.audit?.record({
      scheme: 'admin:site rotate-token',
      principal: `site:${site.id}`,
      outcome: 'success',
      reason: graceEndsAt ? `rotated, grace until ${graceEndsAt.toISOString()}` : 'rotated',
    });
    return { site, secret, graceEndsAt };
  }

  /**
   * Closes the grace windows that have ended: the previous secrets' hashes and the access
   * tokens they minted go, and each close is audited (once, whichever instance sweeps).
   * Verification already refuses them from the window's end; this keeps the rows clean.
   */
  async closeEndedGraceWindows(): Promise<string[]> {
    const closed: Array<{ id: number; name: string; generation: number }> =
      await this.dataSource.transaction(async (manager) => {
        // One statement claims them: of several instances sweeping at once, one closes (and audits) each.
        const ended = await manager.query(
          `WITH ended AS (UPDATE ${sqlTable(manager.connection, Site)}
             SET "previous_secret_hash" = NULL, "grace_ends_at" = NULL
             WHERE "grace_ends_at" <= $1
             RETURNING "id", "name", "secret_generation" AS "generation")
           SELECT * FROM ended`,
          [this.clock.now()],
        );
        for (const site of ended)
          await manager.delete(SiteAccessToken, {
            site: { id: site.id },
            siteSecretGeneration: LessThan(site.generation),
          });
        return ended;
      });
    for (const site of closed)
      this.audit?.record({
        scheme: 'admin:site rotate-token',
        principal: `site:${site.id}`,
        outcome: 'success',
        reason: 'grace window ended',
      });
    return closed.map((site) => site.name);
  }

  /**
   * A leaked site token: its site's secret is replaced by one nobody is shown
   * (run `site rotate-token` to give the site a new one), and its access tokens
   * go. The site's name, or null when no site has this secret.
   */
  async revokeLeakedSiteToken(secret: string): Promise<string | null> {
    const site = await this.sites.findOneBy({ secretHash: hashSecret(secret) });
    if (site) {
      await this.rotateSiteToken(site.name);
      return site.name;
    }
    // The secret a rotation replaced, still in its grace window: the window ends now.
    const previous = await this.sites.findOneBy({ previousSecretHash: hashSecret(secret) });
    if (!previous) return null;
    await this.dataSource.transaction(async (manager) => {
      await manager.update(
        Site,
        { id: previous.id },
        { previousSecretHash: null, graceEndsAt: null },
      );
      await manager.delete(SiteAccessToken, {
        site: { id: previous.id },
        siteSecretGeneration: LessThan(previous.secretGeneration),
      });
    });
    await this.revocations.revoke([siteRevocationTag(previous.id)]);
    return previous.name;
  }

  /** What an operator sees of a site: its scopes, its rate limit, its last use and an open grace window. */
  async overview(name: string): Promise<CredentialOverview & { site: Site }> {
    const site = await this.sites.findOne({
      where: { name: assertCleanText(name, 'name') },
      relations: { team: true },
    });
    if (!site) throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.notFound, 'No such site');
    const lastUsedAt = await this.audit?.lastSuccessOf([
      `site:${site.id}`,
      loginAccount('site', site.name),
    ]);
    return {
      site,
      scopes: site.scopes,
      rateLimit: rateLimitOf(site.rateLimit, site.rateLimitWindowSeconds),
      lastUsedAt: lastUsedAt ?? null,
      graceEndsAt: withinGrace(site.graceEndsAt, this.clock.now()) ? site.graceEndsAt : null,
    };
  }

  /** A leaked site access token (`<id>:<secret>`): deleted. Its site's name, or null when unknown. */
  async revokeLeakedAccessToken(token: string): Promise<string | null> {
    const [id, secret] = token.split(':');
    const found = await this.dataSource.getRepository(SiteAccessToken).findOne({
      where: { id, secretHash: hashSecret(secret ?? '') },
      relations: { site: true },
    });
    if (!found) return null;
    await this.dataSource.getRepository(SiteAccessToken).delete({ id });
    await this.revocations.revoke([siteRevocationTag(found.site.id)]);
    return found.site.name;
  }

  async setStatus(name: string, status: Site['status']): Promise<Site> {
    const site = await this.sites.findOneBy({ name });
    if (!site) throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.notFound, 'No such site');
    await this.sites.update({ id: site.id }, { status });
    await this.revocations.revoke([siteRevocationTag(site.id)]);
    site.status = status;
    return site;
  }
}
