import { CanActivate, ExecutionContext, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The host's own global guard, written as the Nest documentation's
 * authentication recipe writes it: routes marked `isPublic` pass, every other
 * route needs the host's own HS256 JWT. authkit's routes carry `isPublic` and
 * their own guards, so they pass this one untouched.
 */
export const IS_PUBLIC_KEY = 'isPublic';
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: unknown }>();
    const [type, token] = request.headers.authorization?.split(' ') ?? [];
    const claims = type === 'Bearer' && token ? verifyHs256(token, process.env.HOST_JWT_SECRET ?? '') : null;
    if (!claims) throw new UnauthorizedException();
    request.user = claims;
    return true;
  }
}

function verifyHs256(token: string, secret: string): Record<string, unknown> | null {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature || secret === '') return null;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
