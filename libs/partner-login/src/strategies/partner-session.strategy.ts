import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AuthContext, readBearerToken } from '@authkit/core';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { PARTNER_SESSION_STRATEGY, PartnerSessionPrincipal } from '../partner-session-principal';
import { PartnerSessionService } from '../partner-session.service';

/** A scheme 3 session token in `Authorization: Bearer`, for plain HTTP routes. */
@Injectable()
export class PartnerSessionStrategy extends PassportStrategy(Strategy, PARTNER_SESSION_STRATEGY) {
  constructor(
    private readonly sessions: PartnerSessionService,
    private readonly context: AuthContext,
  ) {
    super();
  }

  async validate(request: Request): Promise<PartnerSessionPrincipal | false> {
    const principal = await this.sessions.verify(readBearerToken(request.headers.authorization));
    if (!principal) return false;
    this.context.setPrincipal(principal);
    return principal;
  }
}
