import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { mapBodyParserErrors, apiErrorFromBodyParser } from '@authkit/core/internal';
import { jsonRpcRequestMatcher } from '@authkit/partner-login';
import { parse as parseQueryString } from 'node:querystring';
import { bodyLimitBytes, type DemoAppSettings } from './demo-app-settings';

/** The HTTP platform the demo runs on: `HTTP_PLATFORM=express|fastify`, Express by default. */
export type HttpPlatform = 'express' | 'fastify';

export function httpPlatformFromEnv(env: NodeJS.ProcessEnv = process.env): HttpPlatform {
  const raw = env.HTTP_PLATFORM || 'express';
  if (raw !== 'express' && raw !== 'fastify')
    throw new Error(
      `HTTP_PLATFORM must be express or fastify, got ${JSON.stringify(raw.slice(0, 50))}`,
    );
  return raw;
}

/** The adapter for the platform; Fastify takes its body limit and proxy trust when it is made. */
export function createHttpAdapter(
  platform: HttpPlatform,
  settings: DemoAppSettings,
): ExpressAdapter | FastifyAdapter {
  if (platform === 'express') return new ExpressAdapter();
  return new FastifyAdapter({
    bodyLimit: bodyLimitBytes(settings.bodyLimit),
    trustProxy: settings.trustProxy as boolean,
  });
}

/** Express: proxy trust, and body parsers (JSON-RPC reads its body as text, to answer malformed JSON with -32700). */
export function configureExpress(app: NestExpressApplication, settings: DemoAppSettings): void {
  app.set('trust proxy', settings.trustProxy);
  app.disable('x-powered-by');
  app.useBodyParser('text', { limit: settings.bodyLimit, type: jsonRpcRequestMatcher() });
  app.useBodyParser('json', { limit: settings.bodyLimit });
  app.useBodyParser('urlencoded', { limit: settings.bodyLimit, extended: false });
  app.use(mapBodyParserErrors);
}

/**
 * Fastify: the same bodies as on Express. JSON through Fastify's own parser
 * (prototype poisoning refused), except on the JSON-RPC endpoint, which gets
 * its body as text in any content type; forms as flat fields; any other
 * content type leaves the body empty, as Express does. Parser errors reach
 * the app's exception filter, which names them.
 */
export function configureFastify(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const isJsonRpc = jsonRpcRequestMatcher();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (isJsonRpc(request)) done(null, body);
    // Named here: Nest would turn the parser's SyntaxError into a plain 400 with Fastify's wording.
    else
      parseJson(request, body as string, (error, value) =>
        error ? done(apiErrorFromBodyParser(error) ?? error) : done(null, value),
      );
  });
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, { ...parseQueryString(body as string) });
    },
  );
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) =>
    done(null, isJsonRpc(request) ? body : undefined),
  );
  // An empty Content-Type is no Content-Type, as on Express: the route's own rules answer it (seed 001's 400 naming the header).
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (
      typeof request.headers['content-type'] === 'string' &&
      request.headers['content-type'].trim() === ''
    )
      delete request.headers['content-type'];
    done();
  });
}

export function platformOf(app: INestApplication): HttpPlatform {
  return app.getHttpAdapter().getType() === 'fastify' ? 'fastify' : 'express';
}
