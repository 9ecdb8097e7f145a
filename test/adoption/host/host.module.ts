import { ArgumentsHost, Catch, Controller, ExceptionFilter, Get, HttpException, Module, Req } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
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

/** The host's own global exception filter, which knows nothing of authkit: its own body shape, no headers of its own. */
@Catch()
export class HostExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    response.status(status).json({ host_error: status });
  }
}

@Module({ imports: [AppModule], controllers: [HostController], providers: [{ provide: APP_FILTER, useClass: HostExceptionFilter }] })
export class HostModule {}
