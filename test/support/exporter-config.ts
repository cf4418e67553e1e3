import type { ExporterConfig } from "../../core/exporter/config";

/**
 * An exporter config for tests and benchmarks: both listeners on 127.0.0.1 with ports the OS
 * picks, a short grace period; `overrides` add sections or change the service name and level.
 */
export function loopbackExporterConfig(overrides: Partial<ExporterConfig> = {}): ExporterConfig {
  return {
    service: "vigil-exporter-test",
    listen: { host: "127.0.0.1", port: 0 },
    ingest: { host: "127.0.0.1", port: 0 },
    logLevel: "info",
    shutdownGraceSeconds: 1,
    ...overrides,
  };
}
