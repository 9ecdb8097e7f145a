import { Controller, Get, HttpStatus, Inject, Optional, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { ApiError, ErrorCode, Public } from '@authkit/core';
import { HttpResponses } from '@authkit/core/internal';
import { DemoMetrics } from './demo-metrics';

const serializer = new PrometheusSerializer();

/** Prometheus scrapes this: authkit's counters, histogram and cache gauge (SPEC §8). */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly responses: HttpResponses,
    @Optional() @Inject(DemoMetrics) private readonly metrics: DemoMetrics | null,
  ) {}

  @Get()
  @Public()
  async scrape(@Res({ passthrough: true }) response: unknown): Promise<string> {
    // METRICS=off: as if there were no such route.
    if (!this.metrics)
      throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.notFound, 'Cannot GET /metrics');
    const { resourceMetrics } = await this.metrics.exporter.collect();
    this.responses.setHeaders(response, {
      'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    return serializer.serialize(resourceMetrics);
  }
}
