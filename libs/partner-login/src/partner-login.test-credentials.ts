import { subjectUser, testCredentialIssuer } from '@authkit/core/internal';
import { PartnerSessionService } from './partner-session.service';

/** For `@authkit/testing`: a session token, as `Core.login` would answer, presented as a Bearer token. */
export const partnerLoginTestCredentials = testCredentialIssuer(
  'partner-login',
  [PartnerSessionService],
  (sessions: PartnerSessionService) => async (subject) => ({
    Authorization: `Bearer ${await sessions.open(subjectUser(subject, 'partner-login'), null)}`,
  }),
);
