import {
  ArgumentsHost,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  HttpException,
  Module,
  Param,
  Post,
  Req,
} from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core';
import type { AuthenticatedPrincipal, AuthUser } from '@authkit/core';
import { UsePasswordLoginAuth } from '@authkit/password-login';
import { UseTokenRealmAuth } from '@authkit/token-realm';
import { AccountUserStore } from './account-user-store.js';
import { AppModule } from './app.module.js';
import { Public } from './jwt-auth.guard.js';

type PrincipalRequest = { user: AuthenticatedPrincipal<AuthUser> };

/** The host's own routes, beside the README's module: open, behind the host's JWT guard, its admin, and `request.user` as the schemes leave it. */
@Controller()
export class HostController {
  constructor(private readonly accounts: AccountUserStore) {}

  @Public()
  @Get('open')
  open() {
    return { open: true };
  }

  @Get('private')
  private(@Req() request: { user?: { sub?: string } }) {
    return { sub: request.user?.sub };
  }

  /** The host's admin disables one of its own accounts (behind its own JWT guard). */
  @Post('admin/accounts/:handle/disable')
  async disable(@Param('handle') handle: string) {
    await this.accounts.disable(handle);
    return { disabled: handle };
  }

  @Get('whoami/login')
  @UsePasswordLoginAuth()
  loginPrincipal(@Req() request: PrincipalRequest) {
    return {
      scheme: request.user.scheme,
      user: request.user.user?.username,
      id: request.user.user?.id,
    };
  }

  @Get('whoami/realm')
  @UseTokenRealmAuth('partners')
  realmPrincipal(@Req() request: PrincipalRequest) {
    return {
      scheme: request.user.scheme,
      user: request.user.user?.username,
      id: request.user.user?.id,
    };
  }
}

/** The host's own global exception filter, which knows nothing of authkit: its own body shape, no headers of its own. */
@Catch()
export class HostExceptionFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    this.adapterHost.httpAdapter.reply(
      host.switchToHttp().getResponse(),
      { host_error: status },
      status,
    );
  }
}

@Module({
  imports: [AppModule],
  controllers: [HostController],
  providers: [{ provide: APP_FILTER, useClass: HostExceptionFilter }],
})
export class HostModule {}
