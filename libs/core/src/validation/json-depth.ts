import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ApiError } from '../errors/api-error';
import { ErrorCode } from '../errors/error-codes';

/** The deepest nesting of arrays and objects a JSON body may have. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a parsed JSON value nests arrays and objects deeper than `max`
 * (`{"a": 1}` is one level). Walks with a stack of its own, not by recursion,
 * so that a hostile depth cannot exhaust the call stack here as it does in
 * class-transformer and the validation pipe.
 */
export function jsonDepthExceeds(value: unknown, max = MAX_JSON_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  const pending: Array<[object, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') pending.push([child as object, depth + 1]);
    }
  }
  return false;
}

export function tooDeepError(): ApiError {
  return new ApiError(
    400,
    ErrorCode.invalidRequest,
    `JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
  );
}

/**
 * Refuses a request body nested deeper than MAX_JSON_DEPTH with 400, before any
 * pipe validates it or any handler or rate limit sees it. On every route of the
 * schemes' controllers and every `UseAuth` route.
 */
@Injectable()
export class JsonDepthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    if (jsonDepthExceeds(context.switchToHttp().getRequest<{ body?: unknown }>().body))
      throw tooDeepError();
    return true;
  }
}
