/** `login:/api/user/login`: the audit scheme of a login endpoint. */
export function loginAuditScheme(request: RoutedRequest): string {
  // The route's pattern, as each platform names it: Express' `route.path`, Fastify's `routeOptions.url`.
  const path =
    request.route?.path ??
    request.routeOptions?.url ??
    request.path ??
    request.url?.split('?', 1)[0];
  return `login:${path}`;
}

/** What Express and Fastify requests say of the route they matched. */
export interface RoutedRequest {
  route?: { path?: string };
  routeOptions?: { url?: string };
  path?: string;
  url?: string;
}
