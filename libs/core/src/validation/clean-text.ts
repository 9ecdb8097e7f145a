import { ValidateBy, type ValidationOptions } from 'class-validator';
import { ApiError } from '../errors/api-error';

// Control characters (C0, DEL, C1) and lone UTF-16 surrogates. PostgreSQL refuses NUL in text,
// and none of them belongs in a name, an email, an API code or a header.
const UNCLEAN = /[\p{Cc}\p{Cs}]/u;

/** True when the text has no control character (NUL included) and no lone surrogate. */
export function isCleanText(value: string): boolean {
  return !UNCLEAN.test(value);
}

/** The message every scheme answers (in its own shape) for such an identifier. */
export function uncleanTextMessage(name: string): string {
  return `${name} must not contain control characters or invalid Unicode`;
}

/** Throws the common 400 when an identifier (or a decoded header) carries control characters or lone surrogates. */
export function assertCleanText(value: string, name: string): string {
  if (!isCleanText(value)) throw ApiError.badRequest(uncleanTextMessage(name));
  return value;
}

/** class-validator: the string has no control character and no lone surrogate. */
export function IsCleanText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCleanText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || isCleanText(value),
        defaultMessage: (args) => uncleanTextMessage(args?.property ?? 'value'),
      },
    },
    options,
  );
}
