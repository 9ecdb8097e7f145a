export { PartnerLoginModule, PARTNER_LOGIN_OPTIONS } from './partner-login.module';
export {
  type PartnerLoginModuleOptions,
  type PartnerLoginRoutes,
  PARTNER_LOGIN_ROUTES,
} from './partner-login.module-definition';
export { partnerLoginEntities, partnerLoginMigrations } from './partner-login.persistence';
export { ApiCode } from './entities/api-code.entity';
export { RpcSession } from './entities/rpc-session.entity';
export { UsedLoginToken } from './entities/used-login-token.entity';
export {
  PARTNER_SESSION_STRATEGY,
  type PartnerSessionPrincipal,
} from './partner-session-principal';
export { type LoginTokenClaims, makeLoginToken } from './login-token';
export { ApiCodeService } from './api-code.service';
export { PartnerSessionService } from './partner-session.service';
export { PartnerLoginService } from './partner-login.service';
export {
  PARTNER_SESSION_SECURITY,
  PartnerSessionAuthGuard,
  UsePartnerSessionAuth,
  CurrentPartnerSessionPrincipal,
  addPartnerSessionSecurity,
} from './partner-session.guard';
export { JsonRpcErrorCode, type JsonRpcErrorObject, JsonRpcError } from './jsonrpc/jsonrpc-error';
export {
  type JsonRpcCall,
  type JsonRpcMethodRegistration,
  type JsonRpcMethodOptions,
  JsonRpcMethod,
  JsonRpcMethodRegistry,
} from './jsonrpc/jsonrpc-method.registry';
export { jsonRpcRequestMatcher, PartnerJsonRpcController } from './jsonrpc/jsonrpc.controller';
export { useJsonRpcTextBody } from './jsonrpc/jsonrpc-text-body';
export { PartnerLoginPurgeJob } from './partner-login-purge.job';
export { partnerLoginCredentialFormats } from './credential-formats';
export { API_CODE_SECRET_PREFIX } from './api-code.service';
export { SESSION_TOKEN_PREFIX } from './partner-session.service';
