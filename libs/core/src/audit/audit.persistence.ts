import { AuthAuditEntry } from './auth-audit-entry.entity';
import { CreateAuthAuditLog1763900000000 } from './migrations/1763900000000-create-auth-audit-log';

export const auditEntities = [AuthAuditEntry];
export const auditMigrations = [CreateAuthAuditLog1763900000000];
