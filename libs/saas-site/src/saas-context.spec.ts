import { AuthContext, type AuthUser } from '@authkit/core';
import { ensureRequestScope } from '@authkit/core/internal';
import { Site } from './entities/site.entity';
import { Team } from './entities/team.entity';
import { SaasContext } from './saas-context';
import { SITE_TOKEN_STRATEGY, saasPrincipal } from './saas-principal';

/** SaasContext reads the current request's site, never another's, and says so outside a site request. */
describe('SaasContext', () => {
  const auth = new AuthContext();
  const saas = new SaasContext(auth);

  function siteOf(name: string, owner: string) {
    const user: AuthUser = {
      id: owner,
      uuid: owner,
      username: owner,
      email: null,
      enabled: true,
      roles: [],
      roleNames: [],
      profile: {},
    };
    const team = Object.assign(new Team(), { id: 1, name: `${name}-team`, userId: owner });
    const site = Object.assign(new Site(), { id: 2, name, team, status: 'active' });
    return saasPrincipal(SITE_TOKEN_STRATEGY, { site, user });
  }

  /** One request: its own scope, its principal set as the guard sets it, then the work. */
  async function inRequest<T>(principal: unknown, work: () => Promise<T>): Promise<T> {
    await null; // from here on, this call's own async context
    ensureRequestScope();
    if (principal) auth.setPrincipal(principal as never);
    return work();
  }

  it('answers the site, its team and user of the request that runs it, across awaits', async () => {
    const answer = await inRequest(siteOf('a.example.com', 'ann'), async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return [
        saas.siteName,
        saas.teamName,
        saas.getSite().name,
        saas.getTeam().name,
        saas.user.username,
        saas.scheme,
      ];
    });
    expect(answer).toEqual([
      'a.example.com',
      'a.example.com-team',
      'a.example.com',
      'a.example.com-team',
      'ann',
      SITE_TOKEN_STRATEGY,
    ]);
  });

  it('never answers another request’s site, however their awaits interleave', async () => {
    const names = Array.from({ length: 40 }, (_, index) => `site-${index}.example.com`);
    const seen = await Promise.all(
      names.map((name, index) =>
        inRequest(siteOf(name, `owner-${index}`), async () => {
          const reads: string[] = [];
          for (let step = 0; step < 5; step++) {
            await new Promise((resolve) => (step % 2 ? setImmediate : setTimeout)(resolve));
            reads.push(`${saas.siteName} ${saas.user.username}`);
          }
          return reads;
        }),
      ),
    );
    seen.forEach((reads, index) =>
      expect(new Set(reads)).toEqual(new Set([`${names[index]} owner-${index}`])),
    );
  });

  it('says it is used outside a site request: no request, no principal, or another scheme’s', async () => {
    const message = 'SaasContext is only available while handling a @WhitelistSaasApi() request';
    expect(() => saas.siteName).toThrow(message);
    await inRequest(undefined, async () => expect(() => saas.getSite()).toThrow(message));
    await inRequest({ scheme: 'password-login-bearer', user: null }, async () =>
      expect(() => saas.user).toThrow(message),
    );
  });
});
