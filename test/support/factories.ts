import type { INestApplicationContext } from '@nestjs/common';
import { type NewUser, type User, UserService } from '@authkit/identity';
import { ApiCodeService } from '@authkit/partner-login';
import { SiteAdminService } from '@authkit/saas-site';
import { ApiAppService } from '@authkit/token-realm';

/**
 * The records the e2e suites start from, made through the packages' own
 * services (never by SQL), with defaults for what a test does not look at.
 */
export function factories(app: INestApplicationContext) {
  return {
    /** A user whose password is `<username>-password` unless given. */
    user(fields: Partial<NewUser> & { username: string }): Promise<User> {
      return app.get(UserService).create({ password: `${fields.username}-password`, ...fields });
    },

    /** A team owned by `owner` and its site; answers the site's secret (its X-Site-Token). */
    async site(
      name: string,
      owner: string,
      team = `${name}-team`,
      importSecret?: string,
      scopes?: string[],
    ): Promise<{ secret: string; siteId: number }> {
      const admin = app.get(SiteAdminService);
      await admin.createTeam(team, owner);
      const { site, secret } = await admin.createSite(name, team, importSecret, scopes);
      return { secret, siteId: site.id };
    },

    /** A partner's API code; answers its secret. */
    async apiCode(code: string): Promise<string> {
      return (await app.get(ApiCodeService).create(code)).secret;
    },

    /** A registered app for the app grant; answers its app_id and secret. */
    async app(name: string, scopes?: string[]): Promise<{ id: number; secret: string }> {
      const { app: registered, secret } = await app
        .get(ApiAppService)
        .create(name, undefined, scopes);
      return { id: registered.id, secret };
    },
  };
}
