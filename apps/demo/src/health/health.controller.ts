import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ApiError, AuthkitHealthIndicators, Public } from '@authkit/core';
import { SigningKeyHealthIndicator } from '@authkit/session-jwt';
import { HttpResponses } from '@authkit/core/internal';

const PROBE_TIMEOUT_MS = 2000;

/**
 * `GET /health` on @nestjs/terminus: the database pinged within 2 s; when it
 * is not, a 503 in the API's error shape with `Retry-After`. The body also
 * reports authkit's own parts (the revocation listener, session JWT's key
 * ring): a listener that reconnects slows verification and breaks nothing,
 * so it shows here without failing the check.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly responses: HttpResponses,
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly authkit: AuthkitHealthIndicators,
    private readonly signingKeys: SigningKeyHealthIndicator,
  ) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: 'The app and its database are up' })
  @ApiServiceUnavailableResponse({ description: 'The database cannot be reached' })
  async check(
    @Res({ passthrough: true }) response: unknown,
  ): Promise<{ status: string; database: string; revocations: string; signing_keys: string }> {
    try {
      await this.health.check([
        () => this.database.pingCheck('database', { timeout: PROBE_TIMEOUT_MS }),
      ]);
      const { revocations } = this.authkit.revocationListener();
      const { signing_keys } = await this.signingKeys.check();
      return {
        status: 'ok',
        database: 'up',
        revocations: revocations.status,
        signing_keys: signing_keys.status,
      };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      this.responses.setHeaders(response, { 'Retry-After': '1' });
      throw ApiError.serviceUnavailable();
    }
  }
}
