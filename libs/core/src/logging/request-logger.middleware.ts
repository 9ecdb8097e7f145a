import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One structured line per request: method, path without its query string
 * (queries can carry login tokens, e.g. `/?token=`), status and duration.
 * Headers and bodies are never logged: they carry credentials.
 */
@Injectable()
export class RequestLoggerMiddleware implements NestMiddleware {
  private readonly logger = new Logger('HTTP');

  // Node's own request and response: what Nest middleware gets on Express and on Fastify.
  use(
    request: IncomingMessage & { originalUrl?: string },
    response: ServerResponse,
    next: () => void,
  ): void {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const path = (request.originalUrl ?? request.url ?? '').split('?')[0];
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      this.logger.log({
        method: request.method,
        path,
        status: response.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
      });
    });
    next();
  }
}
