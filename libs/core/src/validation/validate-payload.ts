import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import {
  ValidateBy,
  type ValidationError,
  type ValidationOptions,
  validateSync,
} from 'class-validator';
import { ApiError } from '../errors/api-error';
import { describeValidationErrors } from './validation-pipe';

/**
 * The checks `createValidationPipe()` runs on HTTP bodies, for input that
 * does not arrive as one: JSON-RPC params, gRPC messages, admin calls.
 * Unknown properties are dropped; a failure throws `invalid(message)`, the
 * message naming each wrong field (after `fieldPrefix`, e.g. `data.`).
 */
export function validatePayload<T extends object>(
  dto: Type<T>,
  payload: unknown,
  invalid: (message: string) => Error = (message) => ApiError.badRequest(message),
  fieldPrefix = '',
): T {
  const { value, problems } = checkPayload(dto, payload, fieldPrefix);
  if (problems !== undefined) throw invalid(problems);
  return value;
}

/** The DTO `validatePayload` would answer, and what is wrong with the payload (undefined when nothing is). */
export function checkPayload<T extends object>(
  dto: Type<T>,
  payload: unknown,
  fieldPrefix = '',
): { value: T; problems?: string } {
  const object =
    typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? payload : {};
  const value = plainToInstance(dto, object);
  const errors = validateSync(value, { whitelist: true, forbidUnknownValues: true });
  return errors.length > 0
    ? {
        value,
        problems: describeValidationErrors(errors.map((error) => prefixed(error, fieldPrefix))),
      }
    : { value };
}

function prefixed(error: ValidationError, prefix: string): ValidationError {
  if (!prefix) return error;
  const constraints = Object.fromEntries(
    Object.entries(error.constraints ?? {}).map(([name, message]) => [
      name,
      message.startsWith(error.property) ? `${prefix}${message}` : message,
    ]),
  );
  return { ...error, constraints };
}

/** class-validator: a string of 1 to `maxLength` characters, with one message for every way of missing it. */
export function IsNonEmptyString(
  maxLength: number,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNonEmptyString',
      constraints: [maxLength],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.length > 0 && value.length <= maxLength,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a non-empty string of at most ${maxLength} characters`,
      },
    },
    options,
  );
}

/** class-validator: a string with something besides white space (other types are left to the type check). */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || /\S/.test(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must not be blank`,
      },
    },
    options,
  );
}
