import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CurrentPartnerSessionPrincipal,
  type PartnerSessionPrincipal,
  UsePartnerSessionAuth,
} from '@authkit/partner-login';

/** Scheme 3's session token on a plain HTTP route (not JSON-RPC). */
@ApiTags('partner login (JSON-RPC)')
@Controller('jsonrpc')
export class PartnerMeController {
  @Get('me')
  @UsePartnerSessionAuth()
  me(@CurrentPartnerSessionPrincipal() session: PartnerSessionPrincipal): {
    id: number | string;
    username: string;
    api_code: string | null;
  } {
    return { id: session.user.id, username: session.user.username, api_code: session.apiCode };
  }
}
