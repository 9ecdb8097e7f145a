import { subjectUser, testCredentialIssuer } from '@authkit/core/internal';
import { PasswordLoginService } from './password-login.service';

/** For `@authkit/testing`: a Bearer access token, as the login would answer. */
export const passwordLoginTestCredentials = testCredentialIssuer(
  'password-login',
  [PasswordLoginService],
  (logins: PasswordLoginService) => async (subject) => {
    const { accessToken } = await logins.issue(subjectUser(subject, 'password-login'));
    return { Authorization: `Bearer ${accessToken}` };
  },
);
