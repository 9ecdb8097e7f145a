import { Controller, type Type } from '@nestjs/common';
import { ApiTags } from '../openapi/openapi-decorators';

/** Where a scheme's routes live and how OpenAPI groups them: fixed when the module is mounted. */
export interface ControllerMount {
  path: string | string[];
  apiTags: string[];
}

/**
 * `controller` under the host's chosen path and tags. Nest reads a route's
 * path from its controller class, so each mount gets its own subclass; the
 * routes, guards and injected dependencies are inherited unchanged.
 */
export function mountController<T>(controller: Type<T>, { path, apiTags }: ControllerMount): Type<T> {
  const mounted = class extends (controller as Type<object>) {};
  Object.defineProperty(mounted, 'name', { value: controller.name });
  Controller(path)(mounted);
  if (apiTags.length > 0) ApiTags(...apiTags)(mounted);
  return mounted as Type<T>;
}
