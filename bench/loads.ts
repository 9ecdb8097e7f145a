import { makeLoginToken } from '@authkit/partner-login';
import type { Credentials } from './credentials';
import type { Load } from './measure';

export interface NamedLoad extends Load {
  name: string;
  /** A credential with a rate limit of its own (the demo's rows only). */
  rateLimited?: boolean;
}

export const OPEN_ROUTE: NamedLoad = { name: 'open route (baseline)', path: '/bench/open' };
export const NOOP_ROUTE: NamedLoad = {
  name: 'passport strategy doing no work',
  path: '/bench/passport-noop',
};

/** What a user would write instead: the names the results use for them. */
export const PEER_JWT = 'passport-jwt';
export const PEER_FIND_ONE = 'findOne';

/** The peers on one platform's instance (each signs its own passport-jwt tokens). */
export function peerRoutes(c: Credentials, peerJwtToken: string): NamedLoad[] {
  return [
    {
      name: PEER_JWT,
      path: '/bench/peer-jwt',
      headers: { Authorization: `Bearer ${peerJwtToken}` },
    },
    {
      name: PEER_FIND_ONE,
      path: '/bench/peer-find-one',
      headers: { Authorization: `Bearer ${c.loginToken}` },
    },
  ];
}

/** Where each seed route's guard stands alone, on the no-work route's handler (`BenchGuardsController`). */
const GUARD_ALONE_PATHS: Record<string, string> = {
  '/api/method/jcloude.saas.api.hello': '/bench/guard/saas-site',
  '/api/user/me': '/bench/guard/password-login',
  '/jsonrpc/me': '/bench/guard/partner-session',
  '/snipe/me': '/bench/guard/snipe',
  '/roomink/me': '/bench/guard/roomink',
  '/grpc/whoami': '/bench/guard/session-jwt',
};

/**
 * Each scheme's guard alone, with the same credentials as its seed route:
 * against the no-work route, the only difference is the guard (the seed routes
 * also read their principal through a parameter decorator and answer it).
 */
export function guardOnlyRoutes(c: Credentials): NamedLoad[] {
  return guardedRoutes(c).map((route) => ({ ...route, path: GUARD_ALONE_PATHS[route.path] }));
}

export function guardedRoutes(c: Credentials): NamedLoad[] {
  const hello = '/api/method/jcloude.saas.api.hello';
  return [
    {
      name: 'scheme 1: site token (X-Site, X-Site-Token)',
      path: hello,
      headers: { 'X-Site': c.siteName, 'X-Site-Token': c.siteToken },
    },
    {
      name: 'scheme 1: site token with its own rate limit (never reached)',
      path: hello,
      headers: { 'X-Site': c.limitedSiteName, 'X-Site-Token': c.limitedSiteToken },
      rateLimited: true,
    },
    {
      name: 'scheme 1: site access token',
      path: hello,
      headers: { 'X-Site-Access-Token': c.siteAccessToken },
    },
    {
      name: 'scheme 2: login Bearer token',
      path: '/api/user/me',
      headers: { Authorization: `Bearer ${c.loginToken}` },
    },
    {
      name: 'scheme 3: JSON-RPC session token',
      path: '/jsonrpc/me',
      headers: { Authorization: `Bearer ${c.rpcSessionToken}` },
    },
    {
      name: 'scheme 4: X-Access-Token (user realm)',
      path: '/snipe/me',
      headers: { 'X-Access-Token': c.snipeAccessToken },
    },
    {
      name: 'scheme 4: X-Access-Token (app realm)',
      path: '/roomink/me',
      headers: { 'X-Access-Token': c.roominkAccessToken },
    },
    {
      name: 'scheme 5: RS256 session JWT',
      path: '/grpc/whoami',
      headers: { Authorization: `Bearer ${c.jwt}` },
    },
  ];
}

/** The README host's guarded route for each of the demo's seed routes: the same credentials, the host's paths. */
const HOST_GUARDED_PATHS: Record<string, string> = {
  '/api/method/jcloude.saas.api.hello': '/guarded/site',
  '/api/user/me': '/guarded/login',
  '/jsonrpc/me': '/guarded/partner',
  '/snipe/me': '/guarded/snipe',
  '/roomink/me': '/guarded/roomink',
  '/grpc/whoami': '/guarded/session',
};

export function hostGuardedRoutes(c: Credentials): NamedLoad[] {
  return guardedRoutes(c)
    .filter((load) => !load.rateLimited)
    .map((load) => ({ ...load, path: HOST_GUARDED_PATHS[load.path] }));
}

export function loginLoads(c: Credentials): NamedLoad[] {
  const basic = `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  return [
    {
      name: 'scheme 1: generate_access_token',
      method: 'POST',
      path: '/api/method/jcloude.saas.api.auth.generate_access_token',
      headers: { 'X-Site': c.siteName, 'X-Site-Token': c.siteToken },
    },
    {
      name: 'scheme 2: POST /api/user/login (argon2id)',
      method: 'POST',
      path: '/api/user/login',
      headers: { 'content-type': 'application/json; charset=utf-8', country: 'ru' },
      body: { username: c.username, password: c.password, direction: c.direction },
    },
    {
      name: 'scheme 3: Core.login (argon2id)',
      method: 'POST',
      path: '/jsonrpc',
      body: {
        jsonrpc: '2.0',
        id: 1,
        method: 'Core.login',
        params: { username: c.username, password: c.password },
      },
    },
    {
      name: 'scheme 3: Core.token_login (a new login token each time)',
      method: 'POST',
      path: '/jsonrpc',
      makeBody: () => ({
        jsonrpc: '2.0',
        id: 1,
        method: 'Core.token_login',
        params: {
          token_: makeLoginToken(
            {
              username: c.username,
              exp: Math.floor(Date.now() / 1000) + 1,
              remote_ip: '127.0.0.1',
            },
            c.apiCode,
            c.apiCodeSecret,
          ),
          code_: c.apiCode,
        },
      }),
    },
    {
      name: 'scheme 4: password grant (argon2id)',
      method: 'POST',
      path: '/snipe/access_token',
      body: { login: c.username, password: c.password },
    },
    {
      name: 'scheme 4: app grant',
      method: 'POST',
      path: '/roomink/access_token',
      body: { app_id: c.appId, app_secret: c.appSecret },
    },
    {
      name: 'scheme 5: AuthenticateEx (Basic and body: two argon2id checks)',
      method: 'POST',
      path: '/grpc',
      headers: { Authorization: basic },
      body: {
        method: 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx',
        data: { user_name: c.username, password: c.password },
      },
    },
  ];
}
