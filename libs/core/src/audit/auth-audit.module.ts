import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthAuditEntry } from './auth-audit-entry.entity';
import {
  AUTH_AUDIT_DEFAULTS,
  AUTH_AUDIT_OPTIONS,
  type AuthAuditModuleOptions,
  ConfigurableAuthAuditModule,
  RESOLVED_AUTH_AUDIT_OPTIONS,
} from './auth-audit.module-definition';
import { withDefaults } from '../options/with-defaults';
import { AuditRetentionJob } from './audit-retention.job';
import { AuthAudit } from './auth-audit.service';

/**
 * The audit log of authentication attempts (table `auth_audit_log`, see
 * `auditMigrations`), with its retention job. `AuthAuditModule.forRoot({})`;
 * global by default.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AuthAuditEntry])],
  providers: [
    {
      provide: RESOLVED_AUTH_AUDIT_OPTIONS,
      inject: [AUTH_AUDIT_OPTIONS],
      useFactory: (options: AuthAuditModuleOptions) => withDefaults(AUTH_AUDIT_DEFAULTS, options),
    },
    AuthAudit,
    AuditRetentionJob,
  ],
  exports: [AuthAudit, AuditRetentionJob],
})
export class AuthAuditModule extends ConfigurableAuthAuditModule {}
