import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import { toErrorResponse, reportUnexpectedError, HttpResponses } from '@authkit/core/internal';
import { SessionJwtError, SessionJwtErrorBody, SessionJwtErrorCode } from './session-jwt-error';

const CODE_BY_STATUS: Record<number, string> = {
  400: SessionJwtErrorCode.invalidArgument,
  401: SessionJwtErrorCode.unauthenticated,
  403: SessionJwtErrorCode.permissionDenied,
  404: SessionJwtErrorCode.unimplemented,
  429: SessionJwtErrorCode.resourceExhausted,
  503: SessionJwtErrorCode.unavailable,
};

/**
 * Answers every error of session JWT's routes in the scheme's own shape,
 * `{"error_code", "message"}`, keeping the status and headers
 * (`WWW-Authenticate`) the common handling decided.
 */
@Catch()
@Injectable()
export class SessionJwtErrorFilter implements ExceptionFilter {
  constructor(private readonly responses: HttpResponses) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<unknown>();
    if (exception instanceof SessionJwtError) {
      this.responses.send(response, exception.getStatus(), exception.getResponse());
      return;
    }
    reportUnexpectedError(exception);
    const { body, headers } = toErrorResponse(exception);
    this.responses.setHeaders(response, headers);
    const errorCode =
      CODE_BY_STATUS[body.statusCode] ??
      (body.statusCode >= 500 ? SessionJwtErrorCode.internal : SessionJwtErrorCode.invalidArgument);
    this.responses.send(response, body.statusCode, {
      error_code: errorCode,
      message: body.message,
    } satisfies SessionJwtErrorBody);
  }
}
