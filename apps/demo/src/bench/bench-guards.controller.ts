import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { UsePartnerSessionAuth } from '@authkit/partner-login';
import { UsePasswordLoginAuth } from '@authkit/password-login';
import { WhitelistSaasApi } from '@authkit/saas-site';
import { UseSessionJwtAuth } from '@authkit/session-jwt';
import { UseTokenRealmAuth } from '@authkit/token-realm';
import { ROOMINK_REALM, SNIPE_REALM } from '../token-realms/realm-me.controller';

const NOTHING = { message: 'noop' };

/**
 * Each scheme's guard on the no-work route's own handler (no parameter, a
 * constant answer), so that against `/bench/passport-noop` the guard is the
 * only difference: what authenticating costs, apart from what a route does
 * with its principal. Mounted only when DEMO_BENCH_ROUTES is set.
 */
@ApiExcludeController()
@Controller('bench/guard')
export class BenchGuardsController {
  @Get('saas-site')
  @WhitelistSaasApi()
  saasSite(): typeof NOTHING {
    return NOTHING;
  }

  @Get('password-login')
  @UsePasswordLoginAuth()
  passwordLogin(): typeof NOTHING {
    return NOTHING;
  }

  @Get('partner-session')
  @UsePartnerSessionAuth()
  partnerSession(): typeof NOTHING {
    return NOTHING;
  }

  @Get('snipe')
  @UseTokenRealmAuth(SNIPE_REALM)
  snipe(): typeof NOTHING {
    return NOTHING;
  }

  @Get('roomink')
  @UseTokenRealmAuth(ROOMINK_REALM)
  roomink(): typeof NOTHING {
    return NOTHING;
  }

  @Get('session-jwt')
  @UseSessionJwtAuth({ bearerOnly: true })
  sessionJwt(): typeof NOTHING {
    return NOTHING;
  }
}
