import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Injectable,
  Logger,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiError, ApiErrorBody, reasonPhrase } from './api-error';
import { apiErrorFromBodyParser } from './body-parser-errors';
import { isDatabaseUnavailableError, isInvalidInputError } from './database-errors';
import { ErrorCode } from './error-codes';
import { HttpResponses } from '../http/http-response';

const DEFAULT_CODES: Record<number, string> = {
  400: ErrorCode.invalidRequest,
  401: ErrorCode.invalidCredentials,
  403: ErrorCode.forbidden,
  404: ErrorCode.notFound,
  409: ErrorCode.conflict,
  413: ErrorCode.payloadTooLarge,
  415: ErrorCode.unsupportedMediaType,
  429: ErrorCode.tooManyRequests,
  503: ErrorCode.databaseUnavailable,
};

/**
 * Turns whatever was thrown into the library's JSON error shape. A stack trace
 * never reaches the client; unexpected errors are logged (message only, no
 * request data) and answered with a generic 500, database outages with 503.
 */
export function toErrorResponse(exception: unknown): {
  body: ApiErrorBody;
  headers: Record<string, string>;
} {
  if (exception instanceof ApiError) {
    return { body: exception.getResponse() as ApiErrorBody, headers: { ...exception.headers } };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    let message = exception.message;
    let code =
      DEFAULT_CODES[status] ?? (status >= 500 ? ErrorCode.internalError : ErrorCode.invalidRequest);
    if (typeof response === 'object' && response !== null) {
      const fields = response as { message?: unknown; code?: unknown };
      if (Array.isArray(fields.message)) message = fields.message.join('; ');
      else if (typeof fields.message === 'string') message = fields.message;
      if (typeof fields.code === 'string') code = fields.code;
    }
    if (status >= 500) message = reasonPhrase(status);
    return {
      body: { statusCode: status, error: reasonPhrase(status), message, code },
      headers: {},
    };
  }
  const bodyError = apiErrorFromBodyParser(exception);
  if (bodyError) return toErrorResponse(bodyError);
  if (isInvalidInputError(exception))
    return toErrorResponse(
      ApiError.badRequest('A value in the request is not valid text or is out of range'),
    );
  if (isDatabaseUnavailableError(exception)) {
    return {
      body: ApiError.serviceUnavailable().getResponse() as ApiErrorBody,
      headers: { 'Retry-After': '1' },
    };
  }
  return {
    body: {
      statusCode: 500,
      error: reasonPhrase(500),
      message: 'Internal server error',
      code: ErrorCode.internalError,
    },
    headers: {},
  };
}

const logger = new Logger('HttpExceptionFilter');

/**
 * Logs an exception that will be answered with a 5xx and was not an
 * HttpException: the message and stack only, since request data (headers,
 * bodies) may carry secrets.
 */
export function reportUnexpectedError(exception: unknown): void {
  if (exception instanceof HttpException || apiErrorFromBodyParser(exception)) return;
  if (toErrorResponse(exception).body.statusCode < 500) return;
  const error = exception instanceof Error ? exception : new Error(String(exception));
  logger.error(`${error.name}: ${error.message}`, error.stack);
}

/**
 * Every error in the library's JSON shape. Register it through DI
 * (`{ provide: APP_FILTER, useClass: HttpExceptionFilter }`), or with
 * `app.useGlobalFilters(new HttpExceptionFilter(app.get(HttpAdapterHost)))`.
 */
@Catch()
@Injectable()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly responses: HttpResponses;

  constructor(adapterHost: HttpAdapterHost) {
    this.responses = new HttpResponses(adapterHost);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<unknown>();
    const { body, headers } = toErrorResponse(exception);
    reportUnexpectedError(exception);
    this.responses.setHeaders(response, headers);
    this.responses.send(response, body.statusCode, body);
  }
}
