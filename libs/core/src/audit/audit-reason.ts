import { HttpException } from '@nestjs/common';

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

/** The stable code of a failure: the library's `code`, session JWT's `error_code`, or the status. */
export function auditReasonOf(error: unknown): string {
  if (error instanceof HttpException) {
    const body = error.getResponse() as { code?: unknown; error_code?: unknown };
    if (typeof body === 'object' && body !== null) {
      if (typeof body.code === 'string') return body.code;
      if (typeof body.error_code === 'string') return body.error_code;
    }
    return `http_${error.getStatus()}`;
  }
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { auditReason?: unknown }).auditReason === 'string'
  ) {
    return (error as { auditReason: string }).auditReason;
  }
  return 'error';
}
