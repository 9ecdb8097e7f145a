import { Injectable, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ServerResponse } from 'node:http';

/**
 * The few things authkit does to an HTTP response, through Nest's own
 * `HttpAdapterHost` (as nestjs-cls reads requests): the same calls on Express
 * and Fastify, and none in an app without an HTTP server. Nothing else in the
 * libraries touches a response object.
 */
@Injectable()
export class HttpResponses {
  constructor(@Optional() private readonly adapterHost?: HttpAdapterHost) {}

  /** True once the response has been sent (or when there is no HTTP response to send). */
  isSent(response: unknown): boolean {
    const adapter = this.adapterOf(response);
    return !adapter || adapter.isHeadersSent(response);
  }

  /**
   * Sets headers on the response at once, so that `WWW-Authenticate`,
   * `Retry-After` or `Allow` reach the client whatever exception filter the
   * host installs: a filter writes the body and status, the headers are
   * already there. A stand-in that is no HTTP response (a gRPC call's) is left alone.
   */
  setHeaders(response: unknown, headers: Readonly<Record<string, string>>): void {
    const adapter = this.adapterOf(response);
    if (!adapter || adapter.isHeadersSent(response)) return;
    for (const [name, value] of Object.entries(headers)) adapter.setHeader(response, name, value);
  }

  /** Sends `body` as JSON with `status` (no body when undefined). */
  send(response: unknown, status: number, body?: unknown): void {
    const adapter = this.adapterOf(response);
    if (!adapter || adapter.isHeadersSent(response)) return;
    adapter.reply(response, body, status);
  }

  /** The app's HTTP adapter, when `response` is one of its responses (Express' `res`, Fastify's `reply`). */
  private adapterOf(response: unknown) {
    const adapter = this.adapterHost?.httpAdapter;
    if (!adapter || typeof response !== 'object' || response === null) return undefined;
    const raw = (response as { raw?: unknown }).raw ?? response;
    return raw instanceof ServerResponse ? adapter : undefined;
  }
}
