/**
 * Errors that mean "the database cannot be reached right now" as opposed to
 * "the query was wrong": connection refused/reset, server shutting down,
 * too many connections, pool timeouts.
 */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '3D000', // invalid_catalog_name: the database itself is gone
]);

const CONNECTION_ERROR_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection is not established',
  'terminating connection',
  'not accepting connections',
];

export function isDatabaseUnavailableError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    if (typeof current !== 'object') return false;
    const candidate = current as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof candidate.code === 'string' && CONNECTION_ERROR_CODES.has(candidate.code))
      return true;
    if (
      typeof candidate.message === 'string' &&
      CONNECTION_ERROR_MESSAGES.some((fragment) => (candidate.message as string).includes(fragment))
    ) {
      return true;
    }
    current = candidate.driverError ?? candidate.cause;
  }
  return false;
}

/** PostgreSQL's unique_violation, as TypeORM's QueryFailedError carries it. */
export function isUniqueViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: unknown } } | null)?.driverError;
  return driverError?.code === '23505';
}

/**
 * PostgreSQL refused a value the client sent: text it cannot store (NUL,
 * 22021 character_not_in_repertoire; 22P05 untranslatable_character), a value
 * of the wrong form (22P02) or too long (22001). The input was bad: a 400.
 */
const INVALID_INPUT_CODES = new Set(['22021', '22P05', '22P02', '22001']);

export function isInvalidInputError(error: unknown): boolean {
  const code =
    (error as { driverError?: { code?: unknown }; code?: unknown } | null)?.driverError?.code ??
    (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && INVALID_INPUT_CODES.has(code);
}
