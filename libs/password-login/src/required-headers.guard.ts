import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError, ErrorCode } from '@authkit/core';
import { ApiHeader, assertCleanText, type HttpRequestLike } from '@authkit/core/internal';

const REQUIRED_LOGIN_HEADERS = 'authkit:password-login:requiredHeaders';

/** The headers a mounted login requires (`requiredHeaders`): checked by LoginHeadersGuard, documented in OpenAPI. */
export function RequireLoginHeaders(names: string[]): ClassDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_LOGIN_HEADERS, names),
    ...names.map((name) => ApiHeader({ name, required: true })),
  );
}

/**
 * The login's header rules: `Content-Type: application/json; charset=utf-8`,
 * and each of the route's `requiredHeaders` present and non-empty (400 naming
 * the header). A Content-Type that is not JSON, or JSON in another charset, is
 * 415. Runs as a guard so the headers are checked before the body is validated.
 */
@Injectable()
export class LoginHeadersGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<HttpRequestLike>();
    const contentType = request.headers['content-type']?.trim();
    if (!contentType) throw missingHeader('Content-Type');
    if (!isUtf8Json(contentType)) {
      throw new ApiError(
        415,
        ErrorCode.unsupportedMediaType,
        'Content-Type must be application/json; charset=utf-8',
      );
    }
    const required = this.reflector.get<string[] | undefined>(
      REQUIRED_LOGIN_HEADERS,
      context.getClass(),
    );
    for (const name of required ?? []) {
      const value = request.headers[name.toLowerCase()]?.toString().trim();
      if (!value) throw missingHeader(name);
      assertCleanText(value, `The ${name} header`);
    }
    return true;
  }
}

function missingHeader(name: string): ApiError {
  return ApiError.badRequest(`Missing required header: ${name}`, ErrorCode.missingHeader);
}

function isUtf8Json(contentType: string): boolean {
  const [mediaType, ...parameters] = contentType
    .split(';')
    .map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  const charset = parameters
    .find((parameter) => parameter.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}
