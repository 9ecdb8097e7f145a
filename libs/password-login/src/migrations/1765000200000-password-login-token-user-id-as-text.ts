import { userIdAsTextMigration } from '@authkit/core/internal';

/** `password_login_token.user_id` keeps the key of any `UserStore`, not only `authkit_user`'s. */
export const PasswordLoginTokenUserIdAsText1765000200000 = userIdAsTextMigration(
  'PasswordLoginTokenUserIdAsText1765000200000',
  'password_login_token',
);
