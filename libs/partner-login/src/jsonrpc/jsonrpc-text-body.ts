import type { INestApplication } from '@nestjs/common';
import { apiErrorFromBodyParser } from '@authkit/core/internal';
import { PARTNER_LOGIN_ROUTES } from '../partner-login.module-definition';
import { jsonRpcRequestMatcher } from './jsonrpc.controller';

type Done = (error: Error | null, body?: unknown) => void;

/** What this needs of Nest's Express and Fastify adapters (both have these methods). */
interface BodyParserAdapter {
  getType(): string;
  getInstance(): {
    getDefaultJsonParser(
      proto: string,
      ctor: string,
    ): (request: unknown, body: string, done: Done) => void;
    initialConfig: { bodyLimit?: number };
  };
  useBodyParser(
    type: string,
    rawBody: boolean,
    options?: object,
    parser?: (request: { method?: string; url?: string }, body: Buffer, done: Done) => void,
  ): void;
  registerUrlencodedContentParser(rawBody: boolean): void;
}

/**
 * Gives the JSON-RPC endpoint its body as text, on Express or Fastify, so that
 * malformed JSON is answered with JSON-RPC's -32700 (HTTP 200) rather than the
 * platform's 400. Call it in `main.ts` before `listen`, with the `jsonRpcPath`
 * given to `PartnerLoginModule`. Every other route keeps Nest's default parsers.
 */
export function useJsonRpcTextBody(
  app: INestApplication,
  jsonRpcPath: string = PARTNER_LOGIN_ROUTES.jsonRpcPath,
): void {
  const isJsonRpc = jsonRpcRequestMatcher(jsonRpcPath);
  const adapter = app.getHttpAdapter() as unknown as BodyParserAdapter;
  if (adapter.getType() !== 'fastify') {
    // Before Nest's own JSON parser (added when the app starts), which then leaves this body alone.
    adapter.useBodyParser('text', false, { type: isJsonRpc });
    return;
  }
  const fastify = adapter.getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  // Nest's adapter then registers no JSON parser of its own: forms get Nest's default one here.
  adapter.useBodyParser(
    'application/json',
    false,
    { bodyLimit: fastify.initialConfig.bodyLimit },
    (request, body, done) => {
      if (isJsonRpc(request)) return done(null, body.toString('utf8'));
      parseJson(request, body.toString('utf8'), (error, value) =>
        error ? done(apiErrorFromBodyParser(error) ?? error) : done(null, value),
      );
    },
  );
  adapter.registerUrlencodedContentParser(false);
}
