import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ApiError, Public } from '@authkit/core';
import { HttpResponses } from '@authkit/core/internal';

const PROBE_TIMEOUT_MS = 2000;

/** `GET /health` on @nestjs/terminus: the database pinged within 2 s; when it is not, a 503 in the API's error shape with `Retry-After`. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly responses: HttpResponses,
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: 'The app and its database are up' })
  @ApiServiceUnavailableResponse({ description: 'The database cannot be reached' })
  async check(
    @Res({ passthrough: true }) response: unknown,
  ): Promise<{ status: string; database: string }> {
    try {
      await this.health.check([
        () => this.database.pingCheck('database', { timeout: PROBE_TIMEOUT_MS }),
      ]);
      return { status: 'ok', database: 'up' };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      this.responses.setHeaders(response, { 'Retry-After': '1' });
      throw ApiError.serviceUnavailable();
    }
  }
}
