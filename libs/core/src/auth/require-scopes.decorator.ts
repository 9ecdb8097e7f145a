import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ValidateBy } from 'class-validator';
import { ApiError } from '../errors/api-error';
import { ApiForbiddenResponse } from '../openapi/openapi-decorators';

export const REQUIRED_SCOPES = 'authkit:requiredScopes';

/** RFC 6749's scope-token: printable ASCII but space, `"` and `\`; bounded here. */
export const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]{1,64}$/;

/**
 * The scopes a route needs, whichever mechanism guards it: a credential that carries scopes
 * and lacks one gets 403 `insufficient_scope` (RFC 6750's `WWW-Authenticate` parameters). A
 * credential made without scopes has them all. Checked by the mechanism's guard once it has
 * accepted the credential, so the decorators' order does not matter.
 */
export function RequireScopes(...scopes: string[]): MethodDecorator & ClassDecorator {
  for (const scope of scopes)
    if (!SCOPE_TOKEN.test(scope))
      throw new Error(`RequireScopes: ${JSON.stringify(scope)} is not a scope token`);
  return applyDecorators(
    SetMetadata(REQUIRED_SCOPES, scopes),
    ApiForbiddenResponse({
      description: `\`insufficient_scope\`: the credential lacks ${scopes.join(', ')}`,
    }),
  );
}

/** The required scopes a credential lacks: none when it carries no scopes (it has them all). */
export function missingScopes(
  granted: readonly string[] | null | undefined,
  required: readonly string[],
): string[] {
  if (!granted) return [];
  return required.filter((scope) => !granted.includes(scope));
}

/** 403 `insufficient_scope`, with `WWW-Authenticate: <scheme> error="insufficient_scope", scope="..."`. */
export function insufficientScope(required: readonly string[], authScheme = 'Bearer'): ApiError {
  return new ApiError(
    403,
    'insufficient_scope',
    `This credential lacks the scope this route requires: ${required.join(' ')}`,
    {
      'WWW-Authenticate': `${authScheme} error="insufficient_scope", scope="${required.join(' ')}"`,
    },
  );
}

/** class-validator: absent, or 1 to 32 scope tokens (what a credential is created with). */
export function IsScopes(): PropertyDecorator {
  return ValidateBy({
    name: 'isScopes',
    validator: {
      validate: (value: unknown) =>
        value === undefined ||
        (Array.isArray(value) &&
          value.length > 0 &&
          value.length <= 32 &&
          value.every((scope) => typeof scope === 'string' && SCOPE_TOKEN.test(scope))),
      defaultMessage: () =>
        'scopes must be 1 to 32 scope tokens, each 1 to 64 printable ASCII characters without space, quote or backslash',
    },
  });
}
