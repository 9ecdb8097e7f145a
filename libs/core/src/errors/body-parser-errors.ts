import { ApiError } from './api-error';
import { ErrorCode } from './error-codes';

/** Errors thrown by Express' body parsers (body-parser / raw-body) carry a `type`. */
interface BodyParserError {
  type: string;
  status: number;
}

const MESSAGES: Record<string, [string, string]> = {
  'entity.parse.failed': [ErrorCode.malformedJson, 'The request body is not valid JSON'],
  'entity.too.large': [ErrorCode.payloadTooLarge, 'The request body is too large'],
  'encoding.unsupported': [
    ErrorCode.unsupportedMediaType,
    'The request body encoding is not supported',
  ],
  'charset.unsupported': [
    ErrorCode.unsupportedMediaType,
    'The request body charset is not supported',
  ],
  'parameters.too.many': [ErrorCode.payloadTooLarge, 'The request body has too many parameters'],
  'request.aborted': [ErrorCode.invalidRequest, 'The request was aborted'],
  'request.size.invalid': [
    ErrorCode.invalidRequest,
    'The request body length does not match Content-Length',
  ],
};

/** Fastify's content-type parsers fail with a `FST_ERR_CTP_*` code (its JSON parser, with a SyntaxError's 400). */
const FASTIFY_MESSAGES: Record<string, [string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [ErrorCode.malformedJson, 'The request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [ErrorCode.malformedJson, 'The request body is not valid JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [ErrorCode.payloadTooLarge, 'The request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    ErrorCode.unsupportedMediaType,
    'The request body media type is not supported',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    ErrorCode.invalidRequest,
    'The request body length does not match Content-Length',
  ],
};

function fastifyParserError(error: unknown): ApiError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  if (typeof code === 'string' && FASTIFY_MESSAGES[code])
    return new ApiError(statusCode, ...FASTIFY_MESSAGES[code]);
  // Fastify's default JSON parser answers a syntax error as it is, with statusCode 400.
  if (error instanceof SyntaxError && statusCode === 400)
    return new ApiError(400, ErrorCode.malformedJson, 'The request body is not valid JSON');
  return undefined;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
}

/** The library's error for a body-parser failure (Express' body-parser or Fastify's parsers), or undefined for any other error. */
export function apiErrorFromBodyParser(error: unknown): ApiError | undefined {
  if (!isBodyParserError(error) || error.status < 400 || error.status >= 500)
    return fastifyParserError(error);
  const [code, message] = MESSAGES[error.type] ?? [
    ErrorCode.invalidRequest,
    'The request body could not be read',
  ];
  return new ApiError(error.status, code, message);
}

/**
 * Express error middleware to mount right after the body parsers: it names
 * what was wrong with the body (Nest would otherwise pass the parser's own
 * message through) and hands the error on to Nest's exception filters.
 */
export function mapBodyParserErrors(
  error: unknown,
  _request: unknown,
  _response: unknown,
  next: (error?: unknown) => void,
): void {
  next(apiErrorFromBodyParser(error) ?? error);
}
