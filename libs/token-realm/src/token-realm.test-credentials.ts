import { subjectUser, testCredentialIssuer } from '@authkit/core/internal';
import { TokenRealmService } from './token-realm.service';

/** For `@authkit/testing`: a user grant's access token in this realm, as `X-Access-Token`. */
export function tokenRealmTestCredentials(realm: string) {
  return testCredentialIssuer(
    `token-realm:${realm}`,
    [TokenRealmService],
    (tokens: TokenRealmService) => async (subject) => {
      const user = subjectUser(subject, `token-realm:${realm}`);
      const { access_token } = await tokens.grantTo({ user, app: null });
      return { 'X-Access-Token': access_token };
    },
  );
}
