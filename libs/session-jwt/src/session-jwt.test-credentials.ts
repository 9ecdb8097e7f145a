import { subjectUser, testCredentialIssuer } from '@authkit/core/internal';
import { SessionJwtService } from './session-jwt.service';

/** For `@authkit/testing`: a session and its RS256 JWT, as `AuthenticateEx` would answer, as a Bearer token. */
export const sessionJwtTestCredentials = testCredentialIssuer(
  'session-jwt',
  [SessionJwtService],
  (sessions: SessionJwtService) => async (subject) => {
    const answer = await sessions.startSession(subjectUser(subject, 'session-jwt'));
    return { Authorization: `Bearer ${answer.token_value}` };
  },
);
