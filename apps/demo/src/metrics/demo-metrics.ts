import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/** The demo's OpenTelemetry SDK: a meter provider read by a Prometheus exporter (no server of its own: `GET /metrics` serves it). */
export class DemoMetrics {
  readonly exporter = new PrometheusExporter({ preventServerStart: true });
  readonly provider = new MeterProvider({ readers: [this.exporter] });
}
