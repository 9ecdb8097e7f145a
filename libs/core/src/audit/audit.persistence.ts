import { inHostSchema } from '../database/in-host-schema';
import { AuthAuditEntry } from './auth-audit-entry.entity';
import { CreateAuthAuditLog1763900000000 } from './migrations/1763900000000-create-auth-audit-log';
import { AuditOccurrences1766000000000 } from './migrations/1766000000000-audit-occurrences';
import { AuditRefusalCode1767000000000 } from './migrations/1767000000000-audit-refusal-code';
import { AuditLastUse1767000800000 } from './migrations/1767000800000-audit-last-use';

export const auditEntities = [AuthAuditEntry];
export const auditMigrations = inHostSchema([
  CreateAuthAuditLog1763900000000,
  AuditOccurrences1766000000000,
  AuditRefusalCode1767000000000,
  AuditLastUse1767000800000,
]);
