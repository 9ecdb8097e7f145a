/** JSON-RPC 2.0's error codes, and this project's (-32000 to -32099 are the server's own). */
export const JsonRpcErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** Wrong password, or a login token refused (any reason: one answer for all). */
  authenticationFailed: -32001,
  /** The method needs a session token, and none valid was given. */
  sessionRequired: -32002,
  /** A valid user who is disabled (`Core.login` with the right password). */
  accountDisabled: -32003,
  /** The database is unreachable; try again. */
  serviceUnavailable: -32004,
} as const;

const HTTP_STATUS: Record<number, number> = {
  [JsonRpcErrorCode.parseError]: 400,
  [JsonRpcErrorCode.invalidRequest]: 400,
  [JsonRpcErrorCode.methodNotFound]: 404,
  [JsonRpcErrorCode.invalidParams]: 400,
  [JsonRpcErrorCode.authenticationFailed]: 401,
  [JsonRpcErrorCode.sessionRequired]: 401,
  [JsonRpcErrorCode.accountDisabled]: 403,
  [JsonRpcErrorCode.serviceUnavailable]: 503,
};

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** Thrown by method handlers: answered as the call's `error` member. */
export class JsonRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }

  /** What it stands for in HTTP's terms, for the audit log and the metrics (JSON-RPC answers 200 either way). */
  get refusalAnswer(): { status: number; code: string } {
    return { status: HTTP_STATUS[this.code] ?? 500, code: `jsonrpc_${this.code}` };
  }

  toObject(): JsonRpcErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }

  static invalidParams(message: string): JsonRpcError {
    return new JsonRpcError(JsonRpcErrorCode.invalidParams, 'Invalid params', message);
  }
}
