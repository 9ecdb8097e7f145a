import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError } from '../errors/api-error';

/**
 * The ValidationPipe every scheme's controller uses for its bodies, so a
 * module validates its own input whatever the host app configures: unknown
 * properties are stripped and each failure is a 400 in the library's shape
 * that says which field is wrong.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => ApiError.badRequest(describeValidationErrors(errors)),
  });
}

export function describeValidationErrors(errors: ValidationError[]): string {
  return errors
    .flatMap((error) =>
      Object.values(error.constraints ?? { [error.property]: `${error.property} is invalid` }),
    )
    .join('; ');
}
