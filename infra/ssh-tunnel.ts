import { SERVICE_CATALOG, SERVICES } from "../core/catalog";
import type { Placement } from "../core/placement";
import { DEFAULT_PORTS } from "../core/placement";

// SECURITY: the operator-facing services (the catalog's `tunnelled` ones: Grafana,
// Prometheus, Alertmanager, VictoriaLogs and the vigil exporter's internal listener with its admin API)
// are published on the droplet's loopback alone, and reached through `ssh -L`.

/** The tunnelled services, in port order (the SSH tunnel command's). */
export const TUNNELLED_SERVICES = SERVICES.filter((service) => SERVICE_CATALOG[service].tunnelled).sort(
  (a, b) => DEFAULT_PORTS[a] - DEFAULT_PORTS[b],
);
export const LOOPBACK = "127.0.0.1";

/** The command an operator runs to reach Grafana, Prometheus, Alertmanager and the exporter's admin API. */
export function sshTunnelCommand(ip: string): string {
  const forwards = TUNNELLED_SERVICES.map((service) => {
    const port = DEFAULT_PORTS[service];
    return `-L ${port}:${LOOPBACK}:${port}`;
  });
  return ["ssh", "-N", ...forwards, `root@${ip}`].join(" ");
}

/** What to open once the tunnel runs. */
export function tunnelledUrls(placement: Placement): Record<string, string> {
  return {
    grafana: placement.externalUrls.grafana,
    prometheus: placement.externalUrls.prometheus,
    alertmanager: placement.externalUrls.alertmanager,
    exporterAdmin: `http://localhost:${DEFAULT_PORTS.vigilExporter}`,
    // VictoriaLogs' own search UI, beside Grafana's Logs dashboard.
    logs: `http://localhost:${DEFAULT_PORTS.victoriaLogs}/select/vmui/`,
  };
}
