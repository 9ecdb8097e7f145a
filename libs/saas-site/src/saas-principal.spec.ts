import type { AuthUser } from '@authkit/core';
import { Site } from './entities/site.entity';
import { Team } from './entities/team.entity';
import {
  isSaasPrincipal,
  SITE_ACCESS_TOKEN_STRATEGY,
  SITE_TOKEN_STRATEGY,
  saasPrincipal,
} from './saas-principal';

describe('saasPrincipal', () => {
  const user: AuthUser = {
    id: 7,
    uuid: 'u',
    username: 'owner',
    email: null,
    enabled: true,
    roles: [],
    roleNames: [],
    profile: {},
  };
  const team = Object.assign(new Team(), { id: 3, name: 'acme', userId: '7' });
  const site = Object.assign(new Site(), { id: 11, name: 'a.example.com', team, status: 'active' });

  it("is the site, its team and the team's user: what SaasContext reads", () => {
    expect(saasPrincipal(SITE_TOKEN_STRATEGY, { site, user })).toEqual({
      scheme: SITE_TOKEN_STRATEGY,
      user,
      site,
      team,
      siteName: 'a.example.com',
      teamName: 'acme',
      scopes: null,
      rateLimit: null,
    });
  });

  it("carries the site's own rate limit, counted per site", () => {
    const limited = Object.assign(new Site(), {
      ...site,
      rateLimit: 5,
      rateLimitWindowSeconds: 60,
    });
    expect(saasPrincipal(SITE_TOKEN_STRATEGY, { site: limited, user }).rateLimit).toEqual({
      key: 'site:11',
      limit: 5,
      windowSeconds: 60,
    });
  });

  it("carries the site's scopes; a site made without scopes has them all (null)", () => {
    const scoped = Object.assign(new Site(), { ...site, scopes: ['read'] });
    expect(saasPrincipal(SITE_TOKEN_STRATEGY, { site: scoped, user }).scopes).toEqual(['read']);
    expect(saasPrincipal(SITE_TOKEN_STRATEGY, { site, user }).scopes).toBeNull();
  });

  it('is told apart from the other schemes by its strategy', () => {
    expect(isSaasPrincipal(saasPrincipal(SITE_ACCESS_TOKEN_STRATEGY, { site, user }))).toBe(true);
    expect(isSaasPrincipal({ scheme: 'password-login-bearer', user })).toBe(false);
    expect(isSaasPrincipal(undefined)).toBe(false);
  });
});
