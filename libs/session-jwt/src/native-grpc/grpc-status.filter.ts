import { ArgumentsHost, Catch, HttpException, RpcExceptionFilter } from '@nestjs/common';
import { status } from '@grpc/grpc-js';
import {
  isDatabaseUnavailableError,
  isInvalidInputError,
  reportUnexpectedError,
} from '@authkit/core/internal';
import { Observable, throwError } from 'rxjs';

const STATUS_BY_HTTP: Record<number, status> = {
  400: status.INVALID_ARGUMENT,
  401: status.UNAUTHENTICATED,
  403: status.PERMISSION_DENIED,
  404: status.UNIMPLEMENTED,
  413: status.INVALID_ARGUMENT,
  429: status.RESOURCE_EXHAUSTED,
  503: status.UNAVAILABLE,
};

export interface GrpcError {
  code: status;
  message: string;
  details: string;
}

/**
 * Every failure as a gRPC status: what the HTTP gateway answers 401 is
 * UNAUTHENTICATED, 429 RESOURCE_EXHAUSTED, 400 INVALID_ARGUMENT, a database
 * outage UNAVAILABLE. INTERNAL only for a fault of the server's own, never for
 * anything a client sent; its message says nothing more.
 */
export function toGrpcError(exception: unknown): GrpcError {
  const error = (code: status, message: string): GrpcError => ({ code, message, details: message });
  if (exception instanceof HttpException) {
    const body = exception.getResponse() as { message?: unknown } | string;
    const message =
      typeof body === 'object' && typeof body?.message === 'string'
        ? body.message
        : exception.message;
    const code =
      STATUS_BY_HTTP[exception.getStatus()] ??
      (exception.getStatus() >= 500 ? status.INTERNAL : status.INVALID_ARGUMENT);
    return error(code, code === status.INTERNAL ? 'Internal error' : message);
  }
  if (isInvalidInputError(exception))
    return error(
      status.INVALID_ARGUMENT,
      'A value in the request is not valid text or is out of range',
    );
  if (isDatabaseUnavailableError(exception))
    return error(status.UNAVAILABLE, 'The database is unavailable; try again');
  reportUnexpectedError(exception);
  return error(status.INTERNAL, 'Internal error');
}

@Catch()
export class GrpcStatusFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => toGrpcError(exception));
  }
}
