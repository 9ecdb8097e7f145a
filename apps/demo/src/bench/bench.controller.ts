import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthGuard } from '@nestjs/passport';
import { Public } from '@authkit/core';
import { SignJWT } from 'jose';
import { NOOP_STRATEGY } from './noop.strategy';
import { PEER_FIND_ONE_STRATEGY } from './peer-find-one.strategy';
import { PEER_JWT_KEYS, PEER_JWT_STRATEGY } from './peer-jwt.strategy';

/** Reference routes for `npm run bench`, mounted only when DEMO_BENCH_ROUTES is set. */
@ApiExcludeController()
@Controller('bench')
export class BenchController {
  /** The baseline: the same app, no authentication. */
  @Get('open')
  @Public()
  open(): { message: string } {
    return { message: 'open' };
  }

  /** A passport strategy that does no work. */
  @Get('passport-noop')
  @Public()
  @UseGuards(AuthGuard(NOOP_STRATEGY))
  passportNoop(): { message: string } {
    return { message: 'noop' };
  }

  /** Peer: the stateless passport-jwt RS256 guard. */
  @Get('peer-jwt')
  @Public()
  @UseGuards(AuthGuard(PEER_JWT_STRATEGY))
  peerJwt(): { message: string } {
    return { message: 'peer-jwt' };
  }

  /** Peer: one TypeORM findOne per request. */
  @Get('peer-find-one')
  @Public()
  @UseGuards(AuthGuard(PEER_FIND_ONE_STRATEGY))
  peerFindOne(): { message: string } {
    return { message: 'peer-find-one' };
  }

  /** A token for the passport-jwt peer, signed with the key it verifies (bench only). */
  @Get('peer-jwt-token')
  @Public()
  async peerJwtToken(): Promise<{ token: string }> {
    const token = await new SignJWT({ username: 'bench' })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('bench-user')
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(PEER_JWT_KEYS.privateKey);
    return { token };
  }
}
