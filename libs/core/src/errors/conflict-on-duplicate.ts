import { HttpStatus } from '@nestjs/common';
import { ApiError } from './api-error';
import { isUniqueViolation } from './database-errors';
import { ErrorCode } from './error-codes';

/** Runs a write; a unique-constraint violation becomes a 409 `conflict` with `message`. */
export async function conflictOnDuplicate<T>(message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ApiError(HttpStatus.CONFLICT, ErrorCode.conflict, message);
    throw error;
  }
}
