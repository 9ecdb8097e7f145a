import { AsyncLocalStorage } from 'node:async_hooks';
import type { Server } from 'node:http';

/** What one request carries through every async call it makes: the principal, once a guard has set it. */
export interface RequestScope {
  principal?: unknown;
}

const storage = new AsyncLocalStorage<RequestScope>();
const INSTALLED = Symbol('authkit:requestScope');

/** The current request's scope, or undefined outside a request. */
export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/**
 * The current scope; where there is none (a gRPC call, an app without an HTTP
 * server), one is entered for the rest of this call's async chain.
 */
export function ensureRequestScope(): RequestScope {
  const scope = storage.getStore();
  if (scope) return scope;
  const entered: RequestScope = {};
  storage.enterWith(entered);
  return entered;
}

/**
 * Gives every request of an HTTP server a scope of its own, before Express or
 * Fastify sees it: its `request` listeners run inside `AsyncLocalStorage.run`.
 * One allocation per request, no middleware, interceptor or guard in Nest's
 * pipeline, so routes without authkit pay nothing measurable. Idempotent.
 */
export function installRequestScope(
  server: Pick<Server, 'listeners' | 'removeAllListeners' | 'on'> & { [INSTALLED]?: true },
): void {
  if (server[INSTALLED]) return;
  server[INSTALLED] = true;
  const listeners = server.listeners('request') as Array<(...args: unknown[]) => void>;
  server.removeAllListeners('request');
  for (const listener of listeners)
    server.on('request', (...args: unknown[]) => storage.run({}, listener, ...args));
}
