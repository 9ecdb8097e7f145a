import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { Public } from '@authkit/core';
import { ApiBody, ApiOkResponse, ApiTags, NO_STORE } from '@authkit/core/internal';
import type { Request, Response } from 'express';
import { JsonRpcDispatcher } from './jsonrpc-dispatcher';

export const JSON_RPC_PATH = '/jsonrpc';

/**
 * For the host's body parsers: the JSON-RPC endpoint reads its body as text
 * and parses it itself, so malformed JSON is answered as JSON-RPC's -32700
 * (HTTP 200), not as the app's 400. Register a text parser for the requests
 * this matches before the JSON parser, e.g.
 * `app.useBodyParser('text', { type: isJsonRpcRequest })`.
 */
export function isJsonRpcRequest(request: { method?: string; url?: string }): boolean {
  if (request.method !== 'POST' || request.url === undefined) return false;
  // Every spelling the router sends to the endpoint: any case, trailing slashes, a query.
  const path = request.url.split('?', 1)[0].toLowerCase().replace(/\/+$/, '');
  return path === JSON_RPC_PATH;
}

@ApiTags('scheme 3: JSON-RPC')
@Controller(JSON_RPC_PATH.slice(1))
export class PartnerJsonRpcController {
  constructor(private readonly dispatcher: JsonRpcDispatcher) {}

  /**
   * JSON-RPC 2.0 over HTTP: every answer, errors included, is HTTP 200; only
   * notifications get 204. Login calls are rate-limited by the dispatcher, on
   * the parsed calls (429 when refused).
   */
  @Post()
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiBody({ schema: { example: { jsonrpc: '2.0', id: 1, method: 'Core.token_login', params: { token_: '<login token>', code_: 'ACME01' } } } })
  @ApiOkResponse({ schema: { example: { jsonrpc: '2.0', id: 1, result: { token: 'rpcsession_...' } } } })
  async call(@Body() body: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    const answer = await this.dispatcher.handle(body, request);
    // Login methods answer session tokens.
    response.setHeader('Cache-Control', NO_STORE);
    if (answer === null) {
      response.status(HttpStatus.NO_CONTENT).end();
      return;
    }
    response.status(HttpStatus.OK).json(answer);
  }
}
