import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  loginAccount,
  LoginEndpoint,
  ApiBody,
  ApiOkResponse,
  readBasicCredentials,
  HttpResponses,
  type HttpRequestLike,
} from '@authkit/core/internal';
import {
  BASIC_CHALLENGE,
  CurrentSessionJwtPrincipal,
  UseSessionJwtAuth,
} from '../session-jwt.guard';
import type { SessionJwtPrincipal } from '../session-jwt-principal';
import { invalidArgument, SessionJwtError, SessionJwtErrorCode } from '../session-jwt-error';
import { GrpcMethodRegistry } from './grpc-method.registry';

/**
 * `POST /grpc {"method": "...", "data": {...}}`: the HTTP face of the session-JWT gRPC API.
 * Mounted by SessionJwtModule at its `gatewayPath` (`grpc` by default).
 */
@Controller() // the path is the module's: see mountController
export class SessionJwtGrpcGatewayController {
  constructor(
    private readonly registry: GrpcMethodRegistry,
    private readonly responses: HttpResponses,
  ) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @UseSessionJwtAuth()
  // Every Basic request checks a password: those are throttled here; AuthenticateEx throttles the account it names itself.
  @LoginEndpoint({ appliesTo: carriesBasicCredentials, account: basicAccount })
  @ApiBody({
    schema: {
      example: {
        method: 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx',
        data: { user_name: 'root', password: 'root' },
      },
    },
  })
  @ApiOkResponse({ description: 'The method\'s answer; errors are `{"error_code", "message"}`' })
  async call(
    @Body() body: unknown,
    @CurrentSessionJwtPrincipal() caller: SessionJwtPrincipal,
    @Req() request: HttpRequestLike,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<unknown> {
    const { method, data } = readCall(body);
    const handler = this.registry.find(method);
    if (!handler)
      throw new SessionJwtError(
        HttpStatus.NOT_FOUND,
        SessionJwtErrorCode.unimplemented,
        `Unknown method ${method.slice(0, 200)}`,
      );
    try {
      return await handler(data, caller, request, response);
    } catch (error) {
      // A refusal decided inside a method carries the scheme's challenge too, as the guard's does (the wire contracts' common rules).
      if (error instanceof SessionJwtError && error.getStatus() === HttpStatus.UNAUTHORIZED)
        this.responses.setHeaders(response, { 'WWW-Authenticate': BASIC_CHALLENGE });
      throw error;
    }
  }
}

function carriesBasicCredentials(request: HttpRequestLike): boolean {
  return /^basic /i.test(request.headers.authorization ?? '');
}

function basicAccount(request: HttpRequestLike): string | undefined {
  const credentials = readBasicCredentials(request.headers.authorization);
  return credentials ? loginAccount('user', credentials.username) : undefined;
}

function readCall(body: unknown): { method: string; data: Record<string, unknown> } {
  if (!isObject(body)) throw invalidArgument('The body must be a JSON object {"method", "data"}');
  const { method, data } = body;
  if (typeof method !== 'string' || method === '' || method.length > 256)
    throw invalidArgument('method must be a non-empty string');
  if (data !== undefined && !isObject(data)) throw invalidArgument('data must be a JSON object');
  return { method, data: (data as Record<string, unknown> | undefined) ?? {} };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
