import { userIdAsTextMigration } from '@authkit/core/internal';

/** `session_jwt_session.user_id` keeps the key of any `UserStore`, not only `authkit_user`'s. */
export const SessionJwtSessionUserIdAsText1765000400000 = userIdAsTextMigration(
  'SessionJwtSessionUserIdAsText1765000400000',
  'session_jwt_session',
);
