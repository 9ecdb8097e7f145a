import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  CurrentSessionJwtPrincipal,
  formatCompactUtc,
  type SessionJwtPrincipal,
  UseSessionJwtAuth,
} from '@authkit/session-jwt';

/** Scheme 5's sample protected route: who the Bearer token's session belongs to. */
@ApiTags('session JWT')
@Controller('grpc')
export class GrpcWhoamiController {
  @Get('whoami')
  @UseSessionJwtAuth({ bearerOnly: true })
  @ApiOkResponse({
    schema: {
      example: {
        user_id: '328e3874-...',
        user_name: 'root',
        roles_ids: [],
        is_unrestricted: true,
        session_id: '97b07ed4-...',
        expires_at: '20201112T144147',
      },
    },
  })
  whoami(@CurrentSessionJwtPrincipal() principal: SessionJwtPrincipal): Record<string, unknown> {
    const { user } = principal;
    return {
      user_id: user.uuid,
      user_name: user.username,
      roles_ids: user.roles,
      role_names: principal.roleNames ?? [],
      is_unrestricted: user.attributes?.unrestricted === true,
      session_id: principal.sessionId,
      expires_at: principal.sessionExpiresAt ? formatCompactUtc(principal.sessionExpiresAt) : null,
    };
  }
}
