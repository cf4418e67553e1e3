import type { ServiceName } from "../synth/placement";

// Every image the stack runs, pinned here and nowhere else. Tags are exact versions, never
// `latest` or a floating major: a pin changes only in a reviewed diff, and the configs synth
// renders are tested here against the same versions the droplet will run.

/**
 * DigitalOcean's Docker marketplace image (Ubuntu 20.04 with Docker Engine preinstalled):
 * the docker provider can talk to the droplet over SSH on first boot, with no cloud-init
 * script of ours to install or keep current.
 */
export const DROPLET_IMAGE = "docker-20-04";

/**
 * One image per service. The Prometheus-family versions equal Debian 12's packages, which
 * are the binaries the e2e suite and promtool tests run the rendered configs against (a
 * flag or config key that a newer release added would pass CI and fail on the droplet).
 */
export const CONTAINER_IMAGES: Record<ServiceName, string> = {
  // Debian 12: prometheus 2.42.0.
  prometheus: "prom/prometheus:v2.42.0",
  // Debian 12: prometheus-alertmanager 0.25.0.
  alertmanager: "prom/alertmanager:v0.25.0",
  // Debian 12: prometheus-node-exporter 1.5.0.
  nodeExporter: "prom/node-exporter:v1.5.0",
  // Debian 12: prometheus-blackbox-exporter 0.23.0.
  blackboxExporter: "prom/blackbox-exporter:v0.23.0",
  // Debian 12: prometheus-postgres-exporter 0.11.1 (still reads DATA_SOURCE_URI/USER/PASS).
  postgresExporter: "quay.io/prometheuscommunity/postgres-exporter:v0.11.1",
  // Debian 12: prometheus-redis-exporter 1.45.0.
  redisExporter: "oliver006/redis_exporter:v1.45.0",
  // Not packaged by Debian, so no server runs in tests. The dashboards are built with
  // @grafana/grafana-foundation-sdk 0.0.21, which writes schemaVersion 42; a 12.x release
  // reads that schema natively instead of migrating it on every load.
  grafana: "grafana/grafana:12.4.2",
  // The vigil exporter bundle is tested on this machine's Node 20.20.2; the same release
  // on Alpine keeps the image small and the runtime identical to the tested one.
  vigilExporter: "node:20.20.2-alpine",
};
