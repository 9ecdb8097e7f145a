/**
 * The few things authkit does to an HTTP response, on Express (`res`) and on
 * Fastify (`reply`) alike: the platform seam of the core. Nothing else in the
 * libraries touches a response object.
 */
type AnyResponse =
  | {
      setHeader?: (name: string, value: string) => unknown;
      header?: (name: string, value: string) => unknown;
      status?: (code: number) => { send: (body?: unknown) => unknown };
      headersSent?: boolean;
      sent?: boolean;
    }
  | null
  | undefined;

/** True once the response has been sent (Express' `headersSent`, Fastify's `sent`). */
export function isResponseSent(response: unknown): boolean {
  const target = response as AnyResponse;
  return target?.headersSent === true || target?.sent === true;
}

/**
 * Sets headers on the response at once, so that `WWW-Authenticate`,
 * `Retry-After` or `Allow` reach the client whatever exception filter the
 * host installs: a filter writes the body and status, the headers are already there.
 * A stand-in with neither method (a gRPC call's) is left alone.
 */
export function setResponseHeaders(
  response: unknown,
  headers: Readonly<Record<string, string>>,
): void {
  const target = response as AnyResponse;
  if (!target || isResponseSent(target)) return;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof target.setHeader === 'function') target.setHeader(name, value);
    else if (typeof target.header === 'function') target.header(name, value);
  }
}

/** Sends `body` as JSON with `status` (no body when undefined), on either platform. */
export function sendResponse(response: unknown, status: number, body?: unknown): void {
  const target = response as AnyResponse;
  if (!target?.status || isResponseSent(target)) return;
  const reply = target.status(status);
  if (body === undefined) reply.send();
  else reply.send(body);
}
