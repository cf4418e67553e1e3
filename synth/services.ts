import type { VigilConfig } from "../infra/config";
import type { Placement, ServiceName } from "./placement";

import { secretPlaceholder } from "./secrets";
import type { Timing } from "./timing";
import { scaled } from "./timing";

// How each service is started: its flags and environment. The droplet's containers and
// the local stack's processes take them from here, so the two cannot drift apart.
// Environment values may hold secret placeholders (fill them like artifact content).

export interface ServiceSpec {
  /** Flags after the program name (a container's command, a process's argv). */
  args: string[];
  /** Environment variables; values may contain secret placeholders. */
  env: Record<string, string>;
}

export function serviceSpecs(
  config: VigilConfig,
  placement: Placement,
  timing: Timing,
): Partial<Record<ServiceName, ServiceSpec>> {
  const { mounts, dataDirs, externalUrls, endpoints } = placement;
  const listen = (service: ServiceName) => `${placement.bindHost}:${endpoints[service].port}`;
  const specs: Partial<Record<ServiceName, ServiceSpec>> = {
    prometheus: {
      args: [
        `--config.file=${mounts.prometheus}/prometheus.yml`,
        `--storage.tsdb.path=${dataDirs.prometheus}`,
        `--storage.tsdb.retention.time=${config.prometheus.retention}`,
        `--web.listen-address=${listen("prometheus")}`,
        `--web.external-url=${externalUrls.prometheus}`,
        // Lets a config upload be applied with POST /-/reload instead of a restart.
        "--web.enable-lifecycle",
        // Firing alerts are re-sent this often; an alert sent before Alertmanager was
        // discovered is dropped and waits one resend, so it scales with the profile.
        `--rules.alert.resend-delay=${scaled(timing, 60)}`,
      ],
      env: {},
    },
    alertmanager: {
      args: [
        `--config.file=${mounts.alertmanager}/alertmanager.yml`,
        `--storage.path=${dataDirs.alertmanager}`,
        `--web.listen-address=${listen("alertmanager")}`,
        `--web.external-url=${externalUrls.alertmanager}`,
        // A single instance: no gossip port to open or to firewall.
        "--cluster.listen-address=",
      ],
      env: {},
    },
    nodeExporter: {
      args: [
        `--web.listen-address=${listen("nodeExporter")}`,
        // In a container the host's root is mounted at /host; locally it is just /.
        ...(placement.kind === "droplet" ? ["--path.rootfs=/host"] : []),
      ],
      env: {},
    },
    blackboxExporter: {
      args: [`--config.file=${mounts.blackbox}/blackbox.yml`, `--web.listen-address=${listen("blackboxExporter")}`],
      env: {},
    },
    vigilExporter: {
      args: ["--config", `${mounts.exporter}/config.json`],
      env: {},
    },
    grafana: {
      args: [],
      env: {
        GF_PATHS_PROVISIONING: `${mounts.grafana}/provisioning`,
        GF_PATHS_DATA: dataDirs.grafana,
        GF_SERVER_HTTP_ADDR: placement.bindHost,
        GF_SERVER_HTTP_PORT: String(endpoints.grafana.port),
        GF_SERVER_ROOT_URL: externalUrls.grafana,
        GF_SECURITY_ADMIN_USER: "admin",
        GF_SECURITY_ADMIN_PASSWORD: secretPlaceholder(config.grafana.adminPassword),
        GF_USERS_ALLOW_SIGN_UP: "false",
        GF_ANALYTICS_REPORTING_ENABLED: "false",
        GF_ANALYTICS_CHECK_FOR_UPDATES: "false",
      },
    },
  };
  if (config.postgres) {
    const pg = config.postgres;
    specs.postgresExporter = {
      args: [`--web.listen-address=${listen("postgresExporter")}`],
      env: {
        DATA_SOURCE_URI: `${pg.host}:${pg.port}/${encodeURIComponent(pg.database)}?sslmode=${pg.sslmode}`,
        DATA_SOURCE_USER: pg.user,
        DATA_SOURCE_PASS: secretPlaceholder(pg.password),
      },
    };
  }
  if (config.redis) {
    const redis = config.redis;
    specs.redisExporter = {
      args: [
        `--web.listen-address=${listen("redisExporter")}`,
        `--redis.addr=${redis.tls ? "rediss" : "redis"}://${redis.address}`,
      ],
      env: redis.password ? { REDIS_PASSWORD: secretPlaceholder(redis.password) } : {},
    };
  }
  return specs;
}

