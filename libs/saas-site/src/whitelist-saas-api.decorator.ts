import {
  All,
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  HttpCode,
  HttpStatus,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { ApiError, ErrorCode, UseAuth, type OpenApiDocumentBuilder } from '@authkit/core';
import {
  ApiForbiddenResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
  HttpResponses,
  currentPrincipal,
} from '@authkit/core/internal';
import { isSaasPrincipal, SaasPrincipal } from './saas-principal';
import { SaasSiteAuthGuard } from './saas-site.guard';

export const SAAS_SECURITY = {
  site: 'X-Site',
  siteToken: 'X-Site-Token',
  accessToken: 'X-Site-Access-Token',
} as const;

/** A whitelisted method answers GET and POST, as Frappe's do; anything else is 405 with `Allow`. */
@Injectable()
class GetOrPostOnly implements CanActivate {
  constructor(private readonly responses: HttpResponses) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ method: string }>();
    if (request.method === 'GET' || request.method === 'POST' || request.method === 'HEAD')
      return true;
    const refusal = new ApiError(
      HttpStatus.METHOD_NOT_ALLOWED,
      ErrorCode.methodNotAllowed,
      'Use GET or POST',
      { Allow: 'GET, POST' },
    );
    this.responses.setHeaders(context.switchToHttp().getResponse(), refusal.headers);
    throw refusal;
  }
}

/**
 * The NestJS equivalent of Frappe Press's `@whitelist_saas_api`:
 * - exempts the route from the host app's global guard (authkit's and the
 *   conventional `isPublic` metadata);
 * - requires `X-Site` + `X-Site-Token` or `X-Site-Access-Token`, so guests never reach it;
 * - sets the request's principal (`request.user`: scheme, site, team, and the team's `user`);
 * - fills the request-scoped `SaasContext` (siteName, teamName, getSite(), getTeam(), user).
 *
 * With a method name (`@WhitelistSaasApi('jcloude.saas.api.hello')`) it also
 * maps the route, for GET and POST alike (200 for both), as Frappe whitelists
 * a function once; without, put it beside your own `@Get()`/`@Post()`.
 */
export function WhitelistSaasApi(method?: string): MethodDecorator & ClassDecorator {
  const route =
    method === undefined ? [] : [All(method), HttpCode(HttpStatus.OK), UseGuards(GetOrPostOnly)];
  return applyDecorators(
    ...route,
    UseAuth(SaasSiteAuthGuard),
    ApiSecurity({ [SAAS_SECURITY.site]: [], [SAAS_SECURITY.siteToken]: [] }),
    ApiSecurity(SAAS_SECURITY.accessToken),
    ApiUnauthorizedResponse({
      description: 'Missing, partial, wrong or unknown site credentials (one answer for all)',
    }),
    ApiForbiddenResponse({ description: 'The site is suspended' }),
  );
}

/** Declares the three headers in an OpenAPI document. */
export function addSaasSiteSecurity<B extends OpenApiDocumentBuilder>(builder: B): B {
  for (const name of Object.values(SAAS_SECURITY)) {
    builder.addApiKey({ type: 'apiKey', in: 'header', name }, name);
  }
  return builder;
}

function saasPrincipalOrThrow(): SaasPrincipal {
  const principal = currentPrincipal();
  if (!isSaasPrincipal(principal)) throw new Error('Used outside a @WhitelistSaasApi() route');
  return principal;
}

/** Handler parameter: the principal of a `@WhitelistSaasApi()` route (site, team, user, which token). */
export const CurrentSaasSitePrincipal = createParamDecorator(() => saasPrincipalOrThrow());
/** Handler parameter: the authenticated Site record. */
export const CurrentSite = createParamDecorator(() => saasPrincipalOrThrow().site);
/** Handler parameter: the site's Team record. */
export const CurrentTeam = createParamDecorator(() => saasPrincipalOrThrow().team);
/** Handler parameter: the site's name. */
export const CurrentSiteName = createParamDecorator(() => saasPrincipalOrThrow().siteName);
