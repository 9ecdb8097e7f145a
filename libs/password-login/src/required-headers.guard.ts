import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ApiError, ErrorCode } from '@authkit/core';
import { assertCleanText } from '@authkit/core/internal';
import type { Request } from 'express';

/**
 * The password-bearer login API's header rules for the login: `Content-Type: application/json;
 * charset=utf-8` and `country` must be present and non-empty (400 naming the
 * header). A Content-Type that is not JSON, or JSON in another charset, is 415.
 * Runs as a guard so the headers are checked before the body is validated.
 */
@Injectable()
export class LoginHeadersGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const contentType = request.headers['content-type']?.trim();
    if (!contentType) throw missingHeader('Content-Type');
    if (!isUtf8Json(contentType)) {
      throw new ApiError(
        415,
        ErrorCode.unsupportedMediaType,
        'Content-Type must be application/json; charset=utf-8',
      );
    }
    const country = request.headers.country?.toString().trim();
    if (!country) throw missingHeader('country');
    assertCleanText(country, 'The country header');
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
