import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthAuditEntry } from './auth-audit-entry.entity';
import { AuthAudit } from './auth-audit.service';

/** The audit log of authentication attempts (table `auth_audit_log`, see `auditMigrations`). Global. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuthAuditEntry])],
  providers: [AuthAudit],
  exports: [AuthAudit],
})
export class AuthAuditModule {}
