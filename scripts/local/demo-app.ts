import { join } from "node:path";
import type { VigilConfig } from "../../core/config";
import type { Placement } from "../../core/placement";
import { address } from "../../core/placement";
import type { BackendOptions } from "../../examples/demo-app/backend";
import type { DemoSentryOptions } from "../../examples/demo-app/sentry";
import type { ExtraPort } from "./config";
import type { StartOptions } from "./processes";
import { SAAS_ACTIVITY_SQL } from "./saas-seed";

// The application side of the local stack: examples/demo-app, wired to the demo database,
// Redis, the exporter's ingest listener and the Sentry relay as a real application would be.

const ROOT = join(__dirname, "..", "..");

/** What the demo app talks to: the demo database as its owner, Redis, the exporter's ingest. */
function demoBackend(config: VigilConfig, ports: Record<ExtraPort, number>, placement: Placement): BackendOptions {
  const token = config.business?.ingestToken?.reveal();
  const redisPassword = config.redis?.password?.reveal();
  return {
    ...(config.postgres && config.business?.saasPreset
      ? {
          postgres: { host: "127.0.0.1", port: ports.postgresPort, database: config.postgres.database, user: "demo", password: "demo" },
          activitySql: SAAS_ACTIVITY_SQL,
        }
      : {}),
    ...(config.redis ? { redis: { host: "127.0.0.1", port: ports.redis, password: redisPassword ?? "" } } : {}),
    ...(token ? { events: { url: `http://${address(placement.ingest)}/events`, token } } : {}),
    ...(config.sentryRelay ? { sentry: demoSentry(config.sentryRelay, placement) } : {}),
  };
}

/**
 * The demo app's Sentry settings: the browser keeps the first allowed DSN (the real Sentry's)
 * and posts to the tunnel; the server SDK's DSN is the last allowed project's key and id at
 * the relay's address, which is how a server points its SDK at the relay.
 */
function demoSentry(relay: NonNullable<VigilConfig["sentryRelay"]>, placement: Placement): DemoSentryOptions {
  const browser = relay.allowedDsns[0]!.dsn;
  const server = new URL(relay.allowedDsns.at(-1)!.dsn);
  return {
    browserDsn: browser,
    tunnelUrl: `http://${address(placement.ingest)}${relay.tunnelPath}`,
    serverDsn: `http://${server.username}@${address(placement.ingest)}${server.pathname}`,
  };
}

/** How to start the demo app: its HTTP and HTTPS ports, metrics names and backends. */
export function demoAppProcess(
  config: VigilConfig,
  ports: Record<ExtraPort, number>,
  placement: Placement,
  certificate: { certFile: string; keyFile: string },
): StartOptions {
  return {
    name: "demo-app",
    command: process.execPath,
    args: [
      "--import", "tsx",
      join(ROOT, "examples", "demo-app", "main.ts"),
      "--port", String(ports.demoApp),
      "--metrics-json", JSON.stringify(config.app.httpMetrics),
      "--backend-json", JSON.stringify(demoBackend(config, ports, placement)),
      "--tls-port", String(ports.demoAppTls),
      "--tls-cert", certificate.certFile,
      "--tls-key", certificate.keyFile,
    ],
    cwd: ROOT,
  };
}
