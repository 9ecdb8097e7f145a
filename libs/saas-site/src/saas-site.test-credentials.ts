import { getRepositoryToken } from '@nestjs/typeorm';
import { UserStore } from '@authkit/core';
import { testCredentialIssuer } from '@authkit/core/internal';
import type { Repository } from 'typeorm';
import { Site } from './entities/site.entity';
import { saasPrincipal, SITE_TOKEN_STRATEGY } from './saas-principal';
import { SiteAuthService } from './site-auth.service';

/**
 * For `@authkit/testing`: a site access token (`X-Site-Access-Token`) of the site named, as
 * `generate_access_token` would answer. The site's secret is stored hashed, so it cannot be
 * given back; the access token acts as the site and its team's user just the same.
 */
export const saasSiteTestCredentials = testCredentialIssuer(
  'saas-site',
  // The UserStore is optional here as everywhere: without one, the module's startup check says what to import.
  [SiteAuthService, getRepositoryToken(Site), { token: UserStore, optional: true }],
  (auth: SiteAuthService, sites: Repository<Site>, users: UserStore) => async (subject) => {
    if (!('site' in subject)) throw new Error('saas-site issues credentials to a site, by name');
    const site = await sites.findOne({ where: { name: subject.site }, relations: { team: true } });
    if (!site) throw new Error(`No site is named ${JSON.stringify(subject.site)}`);
    const user = await users.findById(site.team.userId);
    if (!user) throw new Error(`The team of ${site.name} has no user`);
    const { token } = await auth.mintAccessToken(
      saasPrincipal(SITE_TOKEN_STRATEGY, { site, user }),
    );
    return { 'X-Site-Access-Token': token };
  },
);
