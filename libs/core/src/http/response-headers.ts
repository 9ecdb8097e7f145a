/**
 * Sets headers on the response of `request` at once (`request.res` on
 * Express), so that `WWW-Authenticate`, `Retry-After` or `Allow` reach the
 * client whatever exception filter the host installs: a filter writes the
 * body and status, the headers are already there.
 */
export function setResponseHeaders(request: unknown, headers: Readonly<Record<string, string>>): void {
  const response = (request as { res?: { setHeader?: (name: string, value: string) => unknown; headersSent?: boolean } } | null)?.res;
  if (typeof response?.setHeader !== 'function' || response.headersSent) return;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
}
