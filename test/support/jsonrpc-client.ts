import { HttpResult, request } from './http';

/** Posts a JSON-RPC payload (object, batch or raw text) to `/jsonrpc`. */
export function jsonRpc(
  baseUrl: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  return request(`${baseUrl}/jsonrpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

let nextId = 1;
export function call(
  method: string,
  params?: unknown,
): { jsonrpc: '2.0'; id: number; method: string; params?: unknown } {
  return { jsonrpc: '2.0', id: nextId++, method, ...(params === undefined ? {} : { params }) };
}
