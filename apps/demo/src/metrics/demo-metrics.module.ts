import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DemoMetrics } from './demo-metrics';
import { MetricsController } from './metrics.controller';

/**
 * `GET /metrics` in Prometheus' text format, and the meter provider authkit records into
 * (given to `AuthCoreModule`). `METRICS=off`: neither (the route answers 404), and authkit's
 * instruments are no-ops.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: DemoMetrics,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        config.get<string>('METRICS') === 'off' ? null : new DemoMetrics(),
    },
  ],
  exports: [DemoMetrics],
})
export class DemoMetricsModule {}
