import { HttpException, HttpStatus } from '@nestjs/common';
import { ErrorCode } from './error-codes';

/** The JSON body of every error this library answers (the wire contracts' common rules). */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: string;
}

/**
 * An HttpException whose body is already in the library's error shape and
 * which may carry response headers (such as `WWW-Authenticate`).
 */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(
      { statusCode: status, error: reasonPhrase(status), message, code } satisfies ApiErrorBody,
      status,
    );
  }

  static badRequest(message: string, code: string = ErrorCode.invalidRequest): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, code, message);
  }

  /** The one answer for every kind of wrong or missing credential. */
  static unauthorized(
    options: { code?: string; message?: string; wwwAuthenticate?: string } = {},
  ): ApiError {
    const headers: Record<string, string> = options.wwwAuthenticate
      ? { 'WWW-Authenticate': options.wwwAuthenticate }
      : {};
    return new ApiError(
      HttpStatus.UNAUTHORIZED,
      options.code ?? ErrorCode.invalidCredentials,
      options.message ?? 'Invalid or missing credentials',
      headers,
    );
  }

  static forbidden(message: string, code: string = ErrorCode.forbidden): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, code, message);
  }

  static serviceUnavailable(message = 'The database is unavailable'): ApiError {
    return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.databaseUnavailable, message);
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status >= 500 ? 'Server Error' : 'Error');
}
