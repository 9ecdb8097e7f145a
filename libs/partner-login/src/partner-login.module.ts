import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule, LoginThrottleModule } from '@authkit/core';
import {
  buildSchemeModule,
  mountController,
  openApiSecurity,
  withDefaults,
  schemeStartupCheck,
} from '@authkit/core/internal';
import { partnerLoginEntities } from './partner-login.persistence';
import { addPartnerSessionSecurity, PartnerSessionAuthGuard } from './partner-session.guard';
import { ApiCodeService } from './api-code.service';
import { PartnerCoreMethods } from './core-methods';
import { ApiCode } from './entities/api-code.entity';
import { RpcSession } from './entities/rpc-session.entity';
import { UsedLoginToken } from './entities/used-login-token.entity';
import { PartnerJsonRpcController } from './jsonrpc/jsonrpc.controller';
import { JsonRpcDispatcher } from './jsonrpc/jsonrpc-dispatcher';
import { JsonRpcMethodRegistry } from './jsonrpc/jsonrpc-method.registry';
import {
  PARTNER_LOGIN_DEFAULTS,
  type PartnerLoginModuleOptions,
  RESOLVED_PARTNER_LOGIN_OPTIONS,
  PARTNER_LOGIN_ROUTES,
  type PartnerLoginRoutes,
} from './partner-login.module-definition';
import { PartnerLoginService } from './partner-login.service';
import { PartnerSessionService } from './partner-session.service';
import { PartnerLoginPurgeJob } from './partner-login-purge.job';
import { PartnerSessionStrategy } from './strategies/partner-session.strategy';
import { partnerLoginTestCredentials } from './partner-login.test-credentials';

const { ConfigurableModuleClass: ConfigurablePartnerLoginModule, MODULE_OPTIONS_TOKEN } =
  buildSchemeModule<PartnerLoginModuleOptions, PartnerLoginRoutes>((routes) => [
    mountController(PartnerJsonRpcController, {
      path: routes.jsonRpcPath ?? PARTNER_LOGIN_ROUTES.jsonRpcPath,
      apiTags: routes.apiTags ?? PARTNER_LOGIN_ROUTES.apiTags,
    }),
  ]);

/** The options as given to `PartnerLoginModule.forRoot(...)` (see the resolved options for what the providers use). */
export const PARTNER_LOGIN_OPTIONS = MODULE_OPTIONS_TOKEN;

/**
 * Partner login (the partner JSON-RPC API): JSON-RPC 2.0 at `POST /jsonrpc` with `Core.login`,
 * `Core.token_login` (session tokens, or partners' encrypted login tokens)
 * and `Core.whoami`; a Bearer strategy for plain routes.
 * Needs a `UserStore` (IdentityModule, or the host's own through UserStoreModule).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ApiCode, RpcSession, UsedLoginToken]),
    AuthCoreModule,
    LoginThrottleModule,
    DiscoveryModule,
  ],
  providers: [
    openApiSecurity('partner-login', addPartnerSessionSecurity),
    partnerLoginTestCredentials,
    schemeStartupCheck({
      module: 'PartnerLoginModule',
      entities: partnerLoginEntities,
      entitiesName: 'partnerLoginEntities',
      migrationsName: 'partnerLoginMigrations',
    }),
    {
      provide: RESOLVED_PARTNER_LOGIN_OPTIONS,
      inject: [PARTNER_LOGIN_OPTIONS],
      useFactory: (options: PartnerLoginModuleOptions) =>
        withDefaults(PARTNER_LOGIN_DEFAULTS, options),
    },
    ApiCodeService,
    PartnerSessionService,
    PartnerLoginService,
    JsonRpcMethodRegistry,
    // The dispatcher authenticates each JSON-RPC call with the routes' own guard, made by DI.
    PartnerSessionAuthGuard,
    JsonRpcDispatcher,
    PartnerCoreMethods,
    PartnerSessionStrategy,
    PartnerLoginPurgeJob,
  ],
  exports: [
    ApiCodeService,
    PartnerSessionService,
    PartnerLoginService,
    JsonRpcMethodRegistry,
    PartnerLoginPurgeJob,
  ],
})
export class PartnerLoginModule extends ConfigurablePartnerLoginModule {}
