import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { LoginEndpoint, Public } from '@authkit/core';
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
  return request.method === 'POST' && (request.url === JSON_RPC_PATH || request.url?.startsWith(`${JSON_RPC_PATH}?`) === true);
}

@ApiTags('scheme 3: JSON-RPC')
@Controller(JSON_RPC_PATH.slice(1))
export class JsonRpcController {
  constructor(private readonly dispatcher: JsonRpcDispatcher) {}

  /** JSON-RPC 2.0 over HTTP: every answer, errors included, is HTTP 200; only notifications get 204. */
  @Post()
  @Public()
  @LoginEndpoint({ appliesTo: callsALoginMethod, account: loginAccount, weight: (request) => loginCalls(request).length, auditedByHandler: true })
  @HttpCode(HttpStatus.OK)
  @ApiBody({ schema: { example: { jsonrpc: '2.0', id: 1, method: 'Core.token_login', params: { token_: '<login token>', code_: 'ACME01' } } } })
  @ApiOkResponse({ schema: { example: { jsonrpc: '2.0', id: 1, result: { token: 'rpcsession_...' } } } })
  async call(@Body() body: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    const answer = await this.dispatcher.handle(body, request);
    if (answer === null) {
      response.status(HttpStatus.NO_CONTENT).end();
      return;
    }
    response.status(HttpStatus.OK).json(answer);
  }
}

const LOGIN_METHODS = /"Core\.(token_)?login"/;

/** Only requests that call a login method (alone or in a batch) are throttled; the body is still raw text here. */
function callsALoginMethod(request: Request): boolean {
  return typeof request.body === 'string' && LOGIN_METHODS.test(request.body);
}

const parsedLoginCalls = new WeakMap<Request, Array<Record<string, unknown>>>();

/** The login calls of the request (one, or those of a batch): each counts as an attempt. Parsed once per request. */
function loginCalls(request: Request): Array<Record<string, unknown>> {
  let calls = parsedLoginCalls.get(request);
  if (!calls) {
    calls = parseLoginCalls(request.body);
    parsedLoginCalls.set(request, calls);
  }
  return calls;
}

function parseLoginCalls(body: unknown): Array<Record<string, unknown>> {
  let payload: unknown;
  try {
    payload = JSON.parse(body as string);
  } catch {
    return [];
  }
  const calls = Array.isArray(payload) ? payload : [payload];
  return calls.filter(
    (call): call is Record<string, unknown> =>
      typeof call === 'object' && call !== null && typeof call.method === 'string' && /^Core\.(token_)?login$/.test(call.method),
  );
}

/** The account of the first login call: the user name of `Core.login`, the API code of `Core.token_login`. */
function loginAccount(request: Request): string | undefined {
  const params = loginCalls(request)[0]?.params;
  if (typeof params !== 'object' || params === null) return undefined;
  const { username, code_ } = params as Record<string, unknown>;
  if (typeof username === 'string' && username !== '') return `user:${username.toLowerCase()}`;
  if (typeof code_ === 'string' && code_ !== '') return `apicode:${code_.toLowerCase()}`;
  return undefined;
}
