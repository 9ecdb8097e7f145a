import { userIdAsTextMigration } from '@authkit/core/internal';

/** `token_realm_family.user_id` keeps the key of any `UserStore`, not only `authkit_user`'s. */
export const TokenRealmFamilyUserIdAsText1765000300000 = userIdAsTextMigration(
  'TokenRealmFamilyUserIdAsText1765000300000',
  'token_realm_family',
);
