import { HttpException } from '@nestjs/common';
import type { Request } from 'express';

/** `login:/api/user/login`: the audit scheme of a login endpoint. */
export function loginAuditScheme(request: Pick<Request, 'route' | 'path'>): string {
  return `login:${(request.route as { path?: string } | undefined)?.path ?? request.path}`;
}

/** The stable code of a failure: the library's `code`, scheme 5's `error_code`, or the status. */
export function auditReasonOf(error: unknown): string {
  if (error instanceof HttpException) {
    const body = error.getResponse() as { code?: unknown; error_code?: unknown };
    if (typeof body === 'object' && body !== null) {
      if (typeof body.code === 'string') return body.code;
      if (typeof body.error_code === 'string') return body.error_code;
    }
    return `http_${error.getStatus()}`;
  }
  if (typeof error === 'object' && error !== null && typeof (error as { auditReason?: unknown }).auditReason === 'string') {
    return (error as { auditReason: string }).auditReason;
  }
  return 'error';
}
