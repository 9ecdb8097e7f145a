import { AsyncLocalStorage } from 'node:async_hooks';
import type { Server } from 'node:http';

/** What one request carries through every async call it makes: the principal, once a guard has set it. */
export interface RequestScope {
  principal?: unknown;
  /** The verification running in this scope, if any (see `runVerification`). */
  verification?: ScopedVerification;
}

/** What a guard's verification shares with the services it calls. Settled once the guard is done with it. */
export interface ScopedVerification {
  settled?: boolean;
}

/** A second verification running at the same time in one scope gets a frame of its own, still reading the request's scope. */
class VerificationFrame {
  constructor(
    readonly verification: ScopedVerification,
    public scope: RequestScope | undefined,
  ) {}
}

/**
 * The core's only AsyncLocalStorage. One, not one per concern: on Node 20 every storage
 * adds its own work to every promise the process makes, on every route.
 */
const storage = new AsyncLocalStorage<RequestScope | VerificationFrame>();
const INSTALLED = Symbol('authkit:requestScope');

/** The current request's scope, or undefined outside a request. */
export function currentRequestScope(): RequestScope | undefined {
  const store = storage.getStore();
  return store instanceof VerificationFrame ? store.scope : store;
}

/**
 * The current scope; where there is none (a gRPC call, an app without an HTTP
 * server), one is entered for the rest of this call's async chain.
 */
export function ensureRequestScope(): RequestScope {
  const store = storage.getStore();
  if (store instanceof VerificationFrame) return (store.scope ??= {});
  if (store) return store;
  const entered: RequestScope = {};
  storage.enterWith(entered);
  return entered;
}

/**
 * Runs a verification with `verification` as the one the services it calls see. In a
 * request's scope that runs no other (the usual case: one guard at a time), it takes the
 * scope's slot, with no new async context; the caller marks it `settled` when done. Outside
 * a scope, or beside a verification still running, it runs in a frame of its own, so that
 * concurrent verifications never mix.
 */
export function runVerification<T>(verification: ScopedVerification, run: () => T): T {
  const store = storage.getStore();
  if (store && !(store instanceof VerificationFrame)) {
    const running = store.verification;
    if (running === undefined || running.settled) {
      store.verification = verification;
      return run();
    }
  }
  const scope = store instanceof VerificationFrame ? store.scope : store;
  return storage.run(new VerificationFrame(verification, scope), run);
}

/** The verification running here, until it is settled. */
export function currentVerification(): ScopedVerification | undefined {
  const verification = storage.getStore()?.verification;
  return verification?.settled ? undefined : verification;
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
