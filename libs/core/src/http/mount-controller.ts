import { Controller, type Type, UseGuards } from '@nestjs/common';
import { ApiTags } from '../openapi/openapi-decorators';
import { JsonDepthGuard } from '../validation/json-depth';

/** Where a scheme's routes live and how OpenAPI groups them: fixed when the module is mounted. */
export interface ControllerMount {
  path: string | string[];
  apiTags: string[];
}

/**
 * `controller` under the host's chosen path and tags. Nest reads a route's
 * path from its controller class, so each mount gets its own subclass; the
 * routes, guards and injected dependencies are inherited unchanged, and
 * every route refuses JSON nested deeper than MAX_JSON_DEPTH.
 */
export function mountController<T>(
  controller: Type<T>,
  { path, apiTags }: ControllerMount,
): Type<T> {
  const mounted = class extends (controller as Type<object>) {};
  Object.defineProperty(mounted, 'name', { value: controller.name });
  Controller(path)(mounted);
  // Deep JSON is refused before the routes' guards, pipes and rate limits: see JsonDepthGuard.
  UseGuards(JsonDepthGuard)(mounted);
  if (apiTags.length > 0) ApiTags(...apiTags)(mounted);
  return mounted as Type<T>;
}
