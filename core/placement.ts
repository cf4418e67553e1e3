import { SERVICE_CATALOG, SERVICES, VIGIL_INGEST_PORT, type ArtifactRoot, type ServiceName } from "./catalog";

// Where each service runs and listens. On the droplet, services are containers on one
// docker network and reach each other by container name; locally, every service is a
// process on 127.0.0.1 with a free port. Synth only reads this; it never looks around.

export interface Endpoint {
  host: string;
  port: number;
}

/** Every port a placement assigns: one per service, plus the vigil exporter's ingest listener. */
export const PORT_NAMES = [...SERVICES, "vigilIngest"] as const;
export type PortName = (typeof PORT_NAMES)[number];

export interface Placement {
  kind: "droplet" | "local";
  /** How other services reach each service. */
  endpoints: Record<ServiceName, Endpoint>;
  /**
   * The vigil exporter's second listener: POST /events and the Sentry relay, which the
   * application reaches (on the droplet, published on the private VPC address only). The
   * first listener (endpoints.vigilExporter: metrics, status webhook, admin API) stays internal.
   */
  ingest: Endpoint;
  /** The address services bind to: every interface of a container, or loopback. */
  bindHost: string;
  /** Directory each artifact tree is mounted at: `prometheus/x.yml` → `${mounts.prometheus}/x.yml`. */
  mounts: Record<ArtifactRoot, string>;
  /** Persistent data directory of each stateful service. */
  dataDirs: Record<"prometheus" | "alertmanager" | "grafana", string>;
  /** URLs an operator opens (through the SSH tunnel on the droplet), used in links. */
  externalUrls: Record<"prometheus" | "alertmanager" | "grafana", string>;
  /** cAdvisor, scraped for per-container metrics; only the droplet runs it. */
  cadvisor?: Endpoint;
}

/**
 * The droplet's docker network, with a fixed subnet: node-exporter runs in the host's
 * network namespace (real interfaces and sockets) and listens on this network's gateway
 * address alone, which Prometheus reaches under the name `node-exporter`.
 */
export const DROPLET_DOCKER_NETWORK = { name: "vigil", subnet: "172.28.0.0/16", gateway: "172.28.0.1" } as const;

export function address(endpoint: Endpoint): string {
  return `${endpoint.host}:${endpoint.port}`;
}

/** Container names double as hostnames on the droplet's docker network. */
export const DROPLET_CONTAINER_NAMES: Record<ServiceName, string> = mapServices((service) => SERVICE_CATALOG[service].container);

/** Each service's usual port; the SSH tunnel forwards the operator-facing ones unchanged. */
export const DEFAULT_PORTS: Record<PortName, number> = {
  ...mapServices((service) => SERVICE_CATALOG[service].port),
  vigilIngest: VIGIL_INGEST_PORT,
};

function mapServices<T>(make: (service: ServiceName) => T): Record<ServiceName, T> {
  return Object.fromEntries(SERVICES.map((service) => [service, make(service)])) as Record<ServiceName, T>;
}

export function dropletPlacement(): Placement {
  return {
    kind: "droplet",
    endpoints: mapServices((service) => ({ host: DROPLET_CONTAINER_NAMES[service], port: DEFAULT_PORTS[service] })),
    ingest: { host: DROPLET_CONTAINER_NAMES.vigilExporter, port: DEFAULT_PORTS.vigilIngest },
    bindHost: "0.0.0.0",
    mounts: {
      prometheus: "/etc/prometheus",
      alertmanager: "/etc/alertmanager",
      blackbox: "/etc/blackbox_exporter",
      grafana: "/etc/grafana/vigil",
      exporter: "/etc/vigil",
    },
    dataDirs: { prometheus: "/prometheus", alertmanager: "/alertmanager", grafana: "/var/lib/grafana" },
    externalUrls: {
      prometheus: `http://localhost:${DEFAULT_PORTS.prometheus}`,
      alertmanager: `http://localhost:${DEFAULT_PORTS.alertmanager}`,
      grafana: `http://localhost:${DEFAULT_PORTS.grafana}`,
    },
    cadvisor: { host: "cadvisor", port: 8080 },
  };
}

/** Consecutive ports from `first`, in the order of PORT_NAMES (tests that need fixed ports). */
export function consecutivePorts(first: number): Record<PortName, number> {
  return Object.fromEntries(PORT_NAMES.map((name, index) => [name, first + index])) as Record<PortName, number>;
}

/** Everything on 127.0.0.1 with the given ports, artifacts and data under `root`. */
export function localPlacement(root: string, ports: Record<PortName, number>): Placement {
  const url = (service: ServiceName) => `http://127.0.0.1:${ports[service]}`;
  return {
    kind: "local",
    endpoints: mapServices((service) => ({ host: "127.0.0.1", port: ports[service] })),
    ingest: { host: "127.0.0.1", port: ports.vigilIngest },
    bindHost: "127.0.0.1",
    mounts: {
      prometheus: `${root}/prometheus`,
      alertmanager: `${root}/alertmanager`,
      blackbox: `${root}/blackbox`,
      grafana: `${root}/grafana`,
      exporter: `${root}/exporter`,
    },
    dataDirs: {
      prometheus: `${root}/data/prometheus`,
      alertmanager: `${root}/data/alertmanager`,
      grafana: `${root}/data/grafana`,
    },
    externalUrls: { prometheus: url("prometheus"), alertmanager: url("alertmanager"), grafana: url("grafana") },
  };
}
