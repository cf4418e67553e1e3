import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import type { StartOptions } from "./processes";

// The long-term store a grown deployment writes to (VictoriaMetrics, Mimir, Thanos Receive,
// Grafana Cloud), played locally by VictoriaMetrics single-node from Debian behind vmauth,
// its auth proxy: remote_write reaches the store only with the bearer token Prometheus
// reads from its secret file, as it would reach a hosted store's gateway.

export interface LongTermStore {
  /** VictoriaMetrics itself, on loopback: its Prometheus query API (what Grafana would read). */
  store: StartOptions;
  storeUrl: string;
  /** vmauth in front of the write path, checking the bearer token. */
  proxy: StartOptions;
  proxyUrl: string;
}

export function longTermStore(dir: string, ports: { store: number; proxy: number }, bearerToken: string): LongTermStore {
  mkdirSync(dir, { recursive: true });
  const storeUrl = `http://127.0.0.1:${ports.store}`;
  const authConfig = join(dir, "vmauth.yml");
  // SECURITY: only the write path is proxied, and only for the token; vmauth answers 401 otherwise.
  writeFileSync(authConfig, stringify({ users: [{ bearer_token: bearerToken, url_map: [{ src_paths: ["/api/v1/write"], url_prefix: storeUrl }] }] }), {
    mode: 0o600,
  });
  return {
    store: {
      name: "victoria-metrics",
      command: "victoria-metrics",
      args: [`-storageDataPath=${join(dir, "data")}`, `-httpListenAddr=127.0.0.1:${ports.store}`, "-retentionPeriod=1d", "-search.latencyOffset=0s"],
    },
    storeUrl,
    // Named apart from the log ingest vmauth, a service of the stack with a process of its own.
    proxy: { name: "long-term-vmauth", command: "vmauth", args: [`-auth.config=${authConfig}`, `-httpListenAddr=127.0.0.1:${ports.proxy}`] },
    proxyUrl: `http://127.0.0.1:${ports.proxy}`,
  };
}
