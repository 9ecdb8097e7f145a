import { Controller, Get, Module, Req } from '@nestjs/common';
import { AppModule } from './app.module';
import { Public } from './jwt-auth.guard';

/** The host's own routes, beside the README's module: one open, one behind the host's JWT guard. */
@Controller()
export class HostController {
  @Public()
  @Get('open')
  open() {
    return { open: true };
  }

  @Get('private')
  private(@Req() request: { user?: { sub?: string } }) {
    return { sub: request.user?.sub };
  }
}

@Module({ imports: [AppModule], controllers: [HostController] })
export class HostModule {}
