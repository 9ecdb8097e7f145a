import { userIdAsTextMigration } from '@authkit/core/internal';

/** `saas_team.user_id` keeps the key of any `UserStore`, not only `authkit_user`'s. */
export const SaasTeamUserIdAsText1765000100000 = userIdAsTextMigration(
  'SaasTeamUserIdAsText1765000100000',
  'saas_team',
);
