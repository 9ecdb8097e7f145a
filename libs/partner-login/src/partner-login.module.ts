import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule, LoginThrottleModule } from '@authkit/core';
import { mountController, registerOpenApiSecurity, withDefaults } from '@authkit/core/internal';
import { addPartnerSessionSecurity } from './partner-session.guard';
import { ApiCodeService } from './api-code.service';
import { PartnerCoreMethods } from './core-methods';
import { ApiCode } from './entities/api-code.entity';
import { RpcSession } from './entities/rpc-session.entity';
import { UsedLoginToken } from './entities/used-login-token.entity';
import { PartnerJsonRpcController } from './jsonrpc/jsonrpc.controller';
import { JsonRpcDispatcher } from './jsonrpc/jsonrpc-dispatcher';
import { JsonRpcMethodExplorer } from './jsonrpc/jsonrpc-method.explorer';
import { JsonRpcMethodRegistry } from './jsonrpc/jsonrpc-method.registry';
import {
  ConfigurablePartnerLoginModule,
  PARTNER_LOGIN_DEFAULTS,
  PARTNER_LOGIN_OPTIONS,
  type PartnerLoginModuleOptions,
  RESOLVED_PARTNER_LOGIN_OPTIONS,
  PARTNER_LOGIN_ASYNC_OPTIONS_TYPE, PARTNER_LOGIN_OPTIONS_TYPE, PARTNER_LOGIN_ROUTES, type PartnerLoginRoutes
} from './partner-login.module-definition';
import { PartnerLoginService } from './partner-login.service';
import { PartnerSessionService } from './partner-session.service';
import { PartnerSessionPurgeJob } from './session-purge.job';
import { PartnerSessionStrategy } from './strategies/partner-session.strategy';

/**
 * Scheme 3 (seed 002): JSON-RPC 2.0 at `POST /jsonrpc` with `Core.login`,
 * `Core.token_login` (session tokens, or partners' encrypted login tokens)
 * and `Core.whoami`; a Bearer strategy for plain routes.
 * Needs a `UserStore` (IdentityModule, or the host's own through UserStoreModule) and the host's ClsModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ApiCode, RpcSession, UsedLoginToken]), AuthCoreModule, LoginThrottleModule, DiscoveryModule],
  providers: [
    {
      provide: RESOLVED_PARTNER_LOGIN_OPTIONS,
      inject: [PARTNER_LOGIN_OPTIONS],
      useFactory: (options: PartnerLoginModuleOptions) => withDefaults(PARTNER_LOGIN_DEFAULTS, options),
    },
    ApiCodeService,
    PartnerSessionService,
    PartnerLoginService,
    JsonRpcMethodRegistry,
    JsonRpcDispatcher,
    JsonRpcMethodExplorer,
    PartnerCoreMethods,
    PartnerSessionStrategy,
    PartnerSessionPurgeJob,
  ],
  exports: [ApiCodeService, PartnerSessionService, PartnerLoginService, JsonRpcMethodRegistry, PartnerSessionPurgeJob],
})
export class PartnerLoginModule extends ConfigurablePartnerLoginModule {
  static forRoot(options: typeof PARTNER_LOGIN_OPTIONS_TYPE): DynamicModule {
    return withRoutes(super.forRoot(options), options);
  }

  static forRootAsync(options: typeof PARTNER_LOGIN_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withRoutes(super.forRootAsync(options), options);
  }

  constructor() {
    super();
    registerOpenApiSecurity('partner-login', addPartnerSessionSecurity);
  }
}

/** The scheme's controllers under the host's paths and tags. */
function withRoutes(module: DynamicModule, routes: PartnerLoginRoutes): DynamicModule {
  return { ...module, controllers: [mountController(PartnerJsonRpcController, { path: routes.jsonRpcPath ?? PARTNER_LOGIN_ROUTES.jsonRpcPath, apiTags: routes.apiTags ?? PARTNER_LOGIN_ROUTES.apiTags })] };
}
