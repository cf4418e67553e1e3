import type { ServiceName } from "../core/catalog";
import { GRAFANA_PLUGINS } from "../core/catalog";
import type { VigilConfig } from "../core/config";
import { Secret } from "../core/config/secret";
import type { Placement } from "../core/placement";
import type { Timing } from "../core/timing";
import { formatDuration, scaledSeconds } from "../core/timing";
import { logServiceSpecs } from "./logs/specs";
import { secretPlaceholder } from "./secrets";

// How each service is started: its flags and environment. The droplet's containers and
// the local stack's processes take them from here, so the two cannot drift apart.
// Environment values may hold secret placeholders (fill them like artifact content).

export interface ServiceSpec {
  /** Flags after the program name (a container's command, a process's argv). */
  args: string[];
  /** Environment variables; values may contain secret placeholders. */
  env: Record<string, string>;
  /**
   * Files the service reads besides synth's artifact trees, by absolute path; contents may
   * hold secret placeholders. On the droplet, secrets reach the images that can read them
   * from a file this way (…_FILE variables) instead of through the environment, where
   * `docker inspect` and the provider's state would show them. The local stack runs the
   * same binaries with the values in their environment instead.
   */
  files?: Record<string, string>;
}

/** Prometheus re-sends every firing alert this often (production seconds; its own default). */
const ALERT_RESEND_SECONDS = 60;

/** How much of a statement's text postgres_exporter reports (its own default). */
export const POSTGRES_QUERY_TEXT_LENGTH = 120;

/** Grafana's admin password is a placeholder under this path whether it is configured or generated. */
export const GRAFANA_ADMIN_PASSWORD_PATH = "grafana.adminPassword";

/** Where the droplet's containers read their secret files. */
export const SECRET_FILES = {
  grafanaAdminPassword: "/etc/grafana/secrets/admin-password",
  postgresPassword: "/etc/postgres_exporter/password",
  redisPasswords: "/etc/redis_exporter/passwords.json",
} as const;

/** The configured password, or a stand-in that the Pulumi program fills with a generated one. */
function grafanaAdminPassword(config: VigilConfig): Secret {
  if (config.grafana.adminPassword) return config.grafana.adminPassword;
  const generated = new Secret(undefined);
  generated.path = GRAFANA_ADMIN_PASSWORD_PATH;
  return generated;
}

export function serviceSpecs(
  config: VigilConfig,
  placement: Placement,
  timing: Timing,
): Partial<Record<ServiceName, ServiceSpec>> {
  const { mounts, dataDirs, externalUrls, endpoints } = placement;
  const listen = (service: ServiceName) => `${placement.bindHost}:${endpoints[service].port}`;
  const asFiles = placement.secretDelivery === "file";
  const resendSeconds = scaledSeconds(timing, ALERT_RESEND_SECONDS);
  const hostExporter = placement.hostExporter;
  const grafanaPassword = secretPlaceholder(grafanaAdminPassword(config));
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
        `--rules.alert.resend-delay=${formatDuration(resendSeconds)}`,
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
        // After a restart, wait until Prometheus has re-sent every firing alert (one resend
        // delay and the evaluation that sends it) before dispatching: otherwise a warning
        // whose inhibiting alert (RedisDown over BusinessQueryFailing) sits in a rule group
        // evaluated later is flushed uninhibited, and pages.
        `--dispatch.start-delay=${formatDuration(resendSeconds + timing.evaluationIntervalSeconds)}`,
      ],
      env: {},
    },
    nodeExporter: {
      args: hostExporter
        ? [
            // SECURITY: in the host's network namespace (so it sees the droplet's own
            // interfaces), it listens on the docker network's gateway alone: reachable from
            // the containers, never on the public or private interface.
            `--web.listen-address=${hostExporter.listenHost}:${endpoints.nodeExporter.port}`,
            `--path.rootfs=${hostExporter.rootfs}`,
          ]
        : [`--web.listen-address=${listen("nodeExporter")}`],
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
        ...(asFiles
          ? { GF_SECURITY_ADMIN_PASSWORD__FILE: SECRET_FILES.grafanaAdminPassword }
          : { GF_SECURITY_ADMIN_PASSWORD: grafanaPassword }),
        GF_USERS_ALLOW_SIGN_UP: "false",
        GF_AUTH_ANONYMOUS_ENABLED: "false",
        GF_ANALYTICS_REPORTING_ENABLED: "false",
        GF_ANALYTICS_CHECK_FOR_UPDATES: "false",
        // Installed before the server starts, so the provisioned VictoriaLogs data source
        // never meets a Grafana without its plugin; pinned, never auto-updated.
        GF_PLUGINS_PREINSTALL_SYNC: GRAFANA_PLUGINS.map(({ id, version }) => `${id}@${version}`).join(","),
        GF_PLUGINS_PREINSTALL_AUTO_UPDATE: "false",
      },
      ...(asFiles ? { files: { [SECRET_FILES.grafanaAdminPassword]: grafanaPassword } } : {}),
    },
  };
  if (config.postgres) {
    const pg = config.postgres;
    specs.postgresExporter = {
      args: [
        `--web.listen-address=${listen("postgresExporter")}`,
        // Per-statement timings (the pg_stat_statements extension) for the slow-query panels
        // and PostgresSlowQueries, with the statement's text cut to the exporter's limit.
        "--collector.stat_statements",
        "--collector.stat_statements.include_query",
        `--collector.stat_statements.query_length=${POSTGRES_QUERY_TEXT_LENGTH}`,
      ],
      env: {
        DATA_SOURCE_URI: `${pg.host}:${pg.port}/${encodeURIComponent(pg.database)}?sslmode=${pg.sslmode}`,
        DATA_SOURCE_USER: pg.user,
        ...(asFiles
          ? { DATA_SOURCE_PASS_FILE: SECRET_FILES.postgresPassword }
          : { DATA_SOURCE_PASS: secretPlaceholder(pg.password) }),
      },
      ...(asFiles ? { files: { [SECRET_FILES.postgresPassword]: secretPlaceholder(pg.password) } } : {}),
    };
  }
  if (config.redis) {
    const redis = config.redis;
    const uri = `${redis.tls ? "rediss" : "redis"}://${redis.address}`;
    const passwordFile = asFiles && redis.password !== undefined;
    specs.redisExporter = {
      args: [
        `--web.listen-address=${listen("redisExporter")}`,
        `--redis.addr=${uri}`,
        ...(passwordFile ? [`--redis.password-file=${SECRET_FILES.redisPasswords}`] : []),
      ],
      // redis_exporter's password file is a JSON map from the address, as --redis.addr names
      // it, to its password.
      env: redis.password && !passwordFile ? { REDIS_PASSWORD: secretPlaceholder(redis.password) } : {},
      ...(passwordFile && redis.password
        ? { files: { [SECRET_FILES.redisPasswords]: `${JSON.stringify({ [uri]: secretPlaceholder(redis.password, "json") })}\n` } }
        : {}),
    };
  }
  return { ...specs, ...logServiceSpecs(config, placement, timing) };
}

