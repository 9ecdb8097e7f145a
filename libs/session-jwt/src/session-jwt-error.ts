import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Session JWT's error codes (its own shape, as the seed answers `error_code`):
 * the body is `{"error_code": "...", "message": "..."}`.
 */
export const SessionJwtErrorCode = {
  /** No, or no valid, Basic credentials or Bearer token on the HTTP request (401). */
  unauthenticated: 'UNAUTHENTICATED',
  /** `AuthenticateEx` with a wrong user name or password (401). */
  wrongCredentials: 'AUTHENTICATE_CODE_WRONG_CREDENTIALS',
  /** A valid user who is disabled (403). */
  userDisabled: 'AUTHENTICATE_CODE_USER_DISABLED',
  /** A session method called without a session's Bearer token (401). */
  sessionRequired: 'SESSION_REQUIRED',
  /** A malformed body or `data` (400). */
  invalidArgument: 'INVALID_ARGUMENT',
  /** No such method (404). */
  unimplemented: 'UNIMPLEMENTED',
  permissionDenied: 'PERMISSION_DENIED',
  /** Too many Basic attempts from this address or for this user (429, with `Retry-After`). */
  resourceExhausted: 'RESOURCE_EXHAUSTED',
  unavailable: 'UNAVAILABLE',
  internal: 'INTERNAL',
} as const;

export interface SessionJwtErrorBody {
  error_code: string;
  message: string;
}

export class SessionJwtError extends HttpException {
  constructor(status: HttpStatus, errorCode: string, message: string) {
    super({ error_code: errorCode, message } satisfies SessionJwtErrorBody, status);
  }
}

/** 400 `INVALID_ARGUMENT` (gRPC's INVALID_ARGUMENT on the native channel). */
export function invalidArgument(message: string): SessionJwtError {
  return new SessionJwtError(HttpStatus.BAD_REQUEST, SessionJwtErrorCode.invalidArgument, message);
}
