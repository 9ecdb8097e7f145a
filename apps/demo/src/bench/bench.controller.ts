import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthGuard } from '@nestjs/passport';
import { ExemptFromGlobalGuard, Public } from '@authkit/core';
import { NOOP_STRATEGY } from './noop.strategy';

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
  @ExemptFromGlobalGuard()
  @UseGuards(AuthGuard(NOOP_STRATEGY))
  passportNoop(): { message: string } {
    return { message: 'noop' };
  }
}
