import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '@authkit/core';
import { ApiOkResponse } from '@authkit/core/internal';
import type { JWK } from 'jose';
import { SigningKeyService } from './signing-key.service';

/** Mounted by SessionJwtModule at its `jwksPath` (`.well-known/jwks.json` by default). */
@Controller() // the path is the module's: see mountController
export class SessionJwtJwksController {
  constructor(private readonly keys: SigningKeyService) {}

  /** The public keys that verify session JWT's tokens: the signing key and older, unretired ones. */
  @Get()
  @Public()
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOkResponse({
    schema: {
      example: {
        keys: [{ kty: 'RSA', n: '...', e: 'AQAB', kid: '...', alg: 'RS256', use: 'sig' }],
      },
    },
  })
  jwks(): Promise<{ keys: JWK[] }> {
    return this.keys.jwks();
  }
}
