/** Small helpers over Node's fetch: every e2e test goes through real HTTP. */
export interface HttpResult {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

export async function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<HttpResult> {
  const headers = { ...init.headers };
  let body: string | Uint8Array | undefined;
  // Bytes go as they are, with no Content-Type unless one is given.
  if (typeof init.body === 'string' || init.body instanceof Uint8Array) body = init.body;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
  }
  const response = await fetch(url, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** The library's error body (SPEC section 0), with no stack trace in it. */
export function expectApiError(result: HttpResult, status: number, code: string): void {
  expect(result.status).toBe(status);
  expect(result.body).toEqual({
    statusCode: status,
    error: expect.any(String),
    message: expect.any(String),
    code,
  });
  expect(result.text).not.toMatch(/\bat .*\.(js|ts):\d+/);
}
