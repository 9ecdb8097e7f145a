import { Controller, UseFilters, UseGuards } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { currentPrincipal } from '@authkit/core/internal';
import { Public } from '@authkit/core';
import type { SessionJwtPrincipal } from '@authkit/session-jwt';
import { GrpcStatusFilter, SessionJwtGrpcGuard } from '@authkit/session-jwt/native-grpc';

/** `authkit.demo.Whoami/Get` over native gRPC: who the session of the `authorization` metadata's token is. */
@Controller()
@UseFilters(GrpcStatusFilter)
@Public()
export class WhoamiGrpcController {
  @GrpcMethod('Whoami', 'Get')
  @UseGuards(SessionJwtGrpcGuard)
  get(): { user_name: string; user_id: string; session_id: string } {
    const principal = currentPrincipal() as SessionJwtPrincipal;
    return {
      user_name: principal.user.username,
      user_id: principal.user.uuid,
      session_id: principal.sessionId ?? '',
    };
  }
}
