import { userIdAsTextMigration } from '@authkit/core/internal';

/** `partner_session.user_id` keeps the key of any `UserStore`, not only `authkit_user`'s. */
export const PartnerSessionUserIdAsText1765000500000 = userIdAsTextMigration(
  'PartnerSessionUserIdAsText1765000500000',
  'partner_session',
);
