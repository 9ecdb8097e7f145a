import { identityEntities, identityMigrations } from '@authkit/identity';
import { passwordLoginEntities, passwordLoginMigrations } from '@authkit/password-login';
import { tokenRealmEntities, tokenRealmMigrations } from '@authkit/token-realm';
import { sessionJwtEntities, sessionJwtMigrations } from '@authkit/session-jwt';
import { partnerLoginEntities, partnerLoginMigrations } from '@authkit/partner-login';
import { saasSiteEntities, saasSiteMigrations } from '@authkit/saas-site';
import { auditEntities, auditMigrations, loginThrottleMigrations } from '@authkit/core';
import type { PersistenceParts } from '@authkit/database';

/**
 * Every entity and migration of the modules the demo mounts. The admin CLI
 * uses the same list, so either can be the first to create the schema.
 */
export const demoPersistence: PersistenceParts = {
  entities: [
    ...auditEntities,
    ...identityEntities,
    ...saasSiteEntities,
    ...passwordLoginEntities,
    ...tokenRealmEntities,
    ...sessionJwtEntities,
    ...partnerLoginEntities,
  ],
  migrations: [
    ...auditMigrations,
    ...loginThrottleMigrations,
    ...identityMigrations,
    ...saasSiteMigrations,
    ...passwordLoginMigrations,
    ...tokenRealmMigrations,
    ...sessionJwtMigrations,
    ...partnerLoginMigrations,
  ],
};
