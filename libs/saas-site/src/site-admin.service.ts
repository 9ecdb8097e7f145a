import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError, Clock, ErrorCode, RevocationBus, UserStore } from '@authkit/core';
import {
  generateToken,
  hashSecret,
  userKey,
  validatePayload,
  conflictOnDuplicate,
  InjectUserStore,
} from '@authkit/core/internal';
import { DataSource, Repository } from 'typeorm';
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
   */
  async createSite(
    siteName: string,
    ofTeam: string,
    secretToImport?: string,
    withScopes?: string[],
  ): Promise<{ site: Site; secret: string }> {
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
        }),
      ),
    );
    return { site, secret };
  }

  /**
   * Replaces the site's secret: the old one is refused from now on, and the
   * access tokens minted with it are revoked too (a leaked secret may have minted them).
   */
  async rotateSiteToken(name: string): Promise<{ site: Site; secret: string }> {
    const secret = generateToken(SITE_SECRET_PREFIX);
    const site = await this.dataSource.transaction(async (manager) => {
      const found = await manager.findOneBy(Site, { name });
      if (!found) throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.notFound, 'No such site');
      await manager.update(
        Site,
        { id: found.id },
        {
          secretHash: hashSecret(secret),
          secretRotatedAt: this.clock.now(),
          secretGeneration: () => '"secret_generation" + 1',
        },
      );
      await manager.delete(SiteAccessToken, { site: { id: found.id } });
      return found;
    });
    await this.revocations.revoke([siteRevocationTag(site.id)]);
    return { site, secret };
  }

  /**
   * A leaked site token: its site's secret is replaced by one nobody is shown
   * (run `site rotate-token` to give the site a new one), and its access tokens
   * go. The site's name, or null when no site has this secret.
   */
  async revokeLeakedSiteToken(secret: string): Promise<string | null> {
    const site = await this.sites.findOneBy({ secretHash: hashSecret(secret) });
    if (!site) return null;
    await this.rotateSiteToken(site.name);
    return site.name;
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
