import { type ServiceName } from "../core/catalog";

// Every image the stack runs, pinned here and nowhere else. Tags are exact versions, never
// `latest` or a floating major: a pin changes only in a reviewed diff, and the configs synth
// renders are tested here against the same versions the droplet will run.
//
// None of these could be pulled from this machine (no registry access): each tag is a
// release its project published, chosen from its release history, and the first
// `pulumi up` pulls them all; a typo fails that step before any container is replaced.

/**
 * DigitalOcean's Docker 1-click image (Docker Engine preinstalled on the current Ubuntu
 * LTS, 24.04): the docker provider can talk to the droplet over SSH on first boot, with no
 * cloud-init step of ours to install or keep Docker current. One-click slugs name the LTS
 * they sit on; `doctl compute image list-application --public | grep docker` lists them.
 */
export const DROPLET_IMAGE = "docker-24-04";

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
  // Debian 12: prometheus-postgres-exporter 0.11.1 (reads DATA_SOURCE_URI/USER/PASS_FILE).
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

/** Containers the droplet runs beside synth's services; nothing of synth's is uploaded into them. */
export const HOST_IMAGES = {
  // Per-container CPU, memory and I/O for the containers dashboard; gcr.io is where
  // cAdvisor publishes releases (Docker Hub's google/cadvisor stopped at v0.33).
  cadvisor: "gcr.io/cadvisor/cadvisor:v0.49.1",
  // The optional public HTTPS entry for the Sentry tunnel: automatic Let's Encrypt TLS.
  caddy: "caddy:2.8.4-alpine",
} as const;

/** Every image reference the program may run, for the checks that none floats. */
export const ALL_IMAGES: readonly string[] = [...Object.values(CONTAINER_IMAGES), ...Object.values(HOST_IMAGES)];

/**
 * True when an image reference names an exact release: a digest, or a tag that is not
 * `latest` and carries a version number (so `node:lts` or `caddy:alpine` do not pass).
 */
export function isPinnedImage(reference: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(reference)) return true;
  const slash = reference.lastIndexOf("/");
  const colon = reference.lastIndexOf(":");
  if (colon <= slash) return false;
  const tag = reference.slice(colon + 1);
  return tag !== "latest" && /\d+\.\d+/.test(tag);
}
