import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { Public } from '@authkit/core';
import {
  ApiBody,
  ApiOkResponse,
  NO_STORE,
  HttpResponses,
  type HttpRequestLike,
} from '@authkit/core/internal';
import { JsonRpcDispatcher } from './jsonrpc-dispatcher';

/**
 * For the host's body parsers: the JSON-RPC endpoint reads its body as text
 * and parses it itself, so malformed JSON is answered as JSON-RPC's -32700
 * (HTTP 200), not as the app's 400. Register a text parser for the requests
 * the matcher accepts before the JSON parser, e.g.
 * `app.useBodyParser('text', { type: jsonRpcRequestMatcher('jsonrpc') })`,
 * with the path given to `PartnerLoginModule` (`jsonRpcPath`).
 */
export function jsonRpcRequestMatcher(
  jsonRpcPath = 'jsonrpc',
): (request: { method?: string; url?: string }) => boolean {
  const endpoint = `/${jsonRpcPath.replace(/^\/+|\/+$/g, '')}`.toLowerCase();
  return (request) => {
    if (request.method !== 'POST' || request.url === undefined) return false;
    // Every spelling the router sends to the endpoint: any case, trailing slashes, a query.
    return request.url.split('?', 1)[0].toLowerCase().replace(/\/+$/, '') === endpoint;
  };
}

/** Mounted by PartnerLoginModule at its `jsonRpcPath` (`jsonrpc` by default). */
@Controller() // the path is the module's: see mountController
export class PartnerJsonRpcController {
  constructor(
    private readonly dispatcher: JsonRpcDispatcher,
    private readonly responses: HttpResponses,
  ) {}

  /**
   * JSON-RPC 2.0 over HTTP: every answer, errors included, is HTTP 200; only
   * notifications get 204. Login calls are rate-limited by the dispatcher, on
   * the parsed calls (429 when refused).
   */
  @Post()
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiBody({
    schema: {
      example: {
        jsonrpc: '2.0',
        id: 1,
        method: 'Core.token_login',
        params: { token_: '<login token>', code_: 'ACME01' },
      },
    },
  })
  @ApiOkResponse({
    schema: { example: { jsonrpc: '2.0', id: 1, result: { token: 'rpcsession_...' } } },
  })
  async call(
    @Body() body: unknown,
    @Req() request: HttpRequestLike,
    @Res() response: unknown,
  ): Promise<void> {
    const answer = await this.dispatcher.handle(body, request, response);
    // Login methods answer session tokens.
    this.responses.setHeaders(response, { 'Cache-Control': NO_STORE });
    if (answer === null) this.responses.send(response, HttpStatus.NO_CONTENT);
    else this.responses.send(response, HttpStatus.OK, answer);
  }
}
