import type { IncomingHttpHeaders } from 'node:http';

/**
 * What authkit reads of an HTTP request, on Express and on Fastify alike: the
 * structural type every library uses instead of a platform's own `Request`.
 * Both platforms' request objects satisfy it (Fastify's `request.headers` are
 * the raw headers, Express' `req.headers` too).
 */
export interface HttpRequestLike {
  headers: IncomingHttpHeaders;
  method?: string;
  url?: string;
  /** The client address as the platform resolved it (trust proxy applied). */
  ip?: string;
  body?: unknown;
  /** Where Passport puts the principal. */
  user?: unknown;
  socket?: { remoteAddress?: string };
}
