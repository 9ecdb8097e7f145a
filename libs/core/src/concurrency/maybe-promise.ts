/**
 * A value now, or a promise of it. A credential the cache holds is answered as the value
 * itself, so that a cached guarded request makes no promise for it: on Node 20, with an
 * AsyncLocalStorage in use, every promise pays the async hooks (docs/performance.md).
 */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Whether `value` is what `await` would wait for: any thenable, not only this realm's
 * Promise. A strategy's Bluebird promise taken for a value would be taken for a principal.
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** `next(value)`: at once when `value` is not a thenable, once it resolves when it is. */
export function andThen<T, R>(
  value: MaybePromise<T>,
  next: (value: T) => MaybePromise<R>,
): MaybePromise<R> {
  return isThenable(value) ? Promise.resolve(value as Promise<T>).then(next) : next(value as T);
}
