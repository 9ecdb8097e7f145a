/**
 * A value now, or a promise of it. A credential the cache holds is answered as the value
 * itself, so that a cached guarded request makes no promise for it: on Node 20, with an
 * AsyncLocalStorage in use, every promise pays the async hooks (docs/performance.md).
 */
export type MaybePromise<T> = T | Promise<T>;

/** `next(value)`: at once when `value` is not a promise, once it resolves when it is. */
export function andThen<T, R>(
  value: MaybePromise<T>,
  next: (value: T) => MaybePromise<R>,
): MaybePromise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
