/** Stable, machine-readable values of the `code` field of error bodies. */
export const ErrorCode = {
  invalidCredentials: 'invalid_credentials',
  invalidToken: 'invalid_token',
  forbidden: 'forbidden',
  accountDisabled: 'account_disabled',
  siteSuspended: 'site_suspended',
  invalidRequest: 'invalid_request',
  malformedJson: 'malformed_json',
  missingHeader: 'missing_header',
  unsupportedMediaType: 'unsupported_media_type',
  payloadTooLarge: 'payload_too_large',
  notFound: 'not_found',
  methodNotAllowed: 'method_not_allowed',
  conflict: 'conflict',
  tooManyRequests: 'too_many_requests',
  rateLimiterUnavailable: 'rate_limiter_unavailable',
  overloaded: 'overloaded',
  databaseUnavailable: 'database_unavailable',
  internalError: 'internal_error',
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];
