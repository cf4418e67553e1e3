import type { ArtifactRoot, DataMount, ServiceName } from "./catalog";
import { byConfigTree, HOST_CONTAINERS, SERVICE_CATALOG, SERVICES, VIGIL_INGEST_PORT } from "./catalog";

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

/**
 * The services that keep state: each has a data directory (on the droplet, on the data
 * volume). Named here so renderers can use `dataDirs.prometheus` without a check; it must
 * list exactly the catalog's entries with `data`, which loading this module verifies.
 */
export const STATEFUL_SERVICES = ["prometheus", "alertmanager", "grafana", "vigilExporter"] as const satisfies readonly ServiceName[];
export type StatefulService = (typeof STATEFUL_SERVICES)[number];

const withData = SERVICES.filter((service) => SERVICE_CATALOG[service].data);
if (withData.join() !== STATEFUL_SERVICES.join()) {
  throw new Error(`STATEFUL_SERVICES (${STATEFUL_SERVICES.join(", ")}) must list the catalog's services with data (${withData.join(", ")})`);
}

export interface Placement {
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
  dataDirs: Record<StatefulService, string>;
  /** URLs an operator opens (through the SSH tunnel on the droplet), used in links. */
  externalUrls: Record<"prometheus" | "alertmanager" | "grafana", string>;
  /** cAdvisor, scraped for per-container metrics; only the droplet runs it. */
  cadvisor?: Endpoint;
  /**
   * How a secret reaches a service that can read it from a file: `file` on the droplet, where
   * `docker inspect` and the provider's state would show an environment value; `environment`
   * for the local stack's processes, which run the same binaries with the values set.
   */
  secretDelivery: "file" | "environment";
  /**
   * node-exporter in the host's namespaces (the droplet's real interfaces and processes): it
   * listens on `listenHost` alone and reads the host's filesystems under `rootfs`. Absent: a
   * plain process that sees the machine it runs on.
   */
  hostExporter?: { listenHost: string; rootfs: string };
  /**
   * Networks whose X-Forwarded-For the relay believes when vigil's HTTPS entry (Caddy) runs:
   * on the droplet, the docker network it reaches the exporter over.
   */
  httpsEntryNetworks: string[];
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

/** Each stateful service's data directory, by its catalog entry: `at(data)` gives it. */
function dataDirs(at: (data: DataMount) => string): Record<StatefulService, string> {
  const dirs = STATEFUL_SERVICES.map((service) => [service, at(SERVICE_CATALOG[service].data as DataMount)] as const);
  return Object.fromEntries(dirs) as Record<StatefulService, string>;
}

/** Where the exporter keeps the status state on the droplet: the infra mounts a volume here. */
export const DROPLET_STATUS_DATA_DIR = dataDirs((data) => data.target).vigilExporter;

export function dropletPlacement(): Placement {
  return {
    endpoints: mapServices((service) => ({ host: DROPLET_CONTAINER_NAMES[service], port: DEFAULT_PORTS[service] })),
    ingest: { host: DROPLET_CONTAINER_NAMES.vigilExporter, port: DEFAULT_PORTS.vigilIngest },
    bindHost: "0.0.0.0",
    mounts: byConfigTree((tree) => tree.mount),
    dataDirs: dataDirs((data) => data.target),
    externalUrls: {
      prometheus: `http://localhost:${DEFAULT_PORTS.prometheus}`,
      alertmanager: `http://localhost:${DEFAULT_PORTS.alertmanager}`,
      grafana: `http://localhost:${DEFAULT_PORTS.grafana}`,
    },
    cadvisor: { host: HOST_CONTAINERS.cadvisor.container, port: HOST_CONTAINERS.cadvisor.port },
    secretDelivery: "file",
    // The host's root is mounted at /host in node-exporter's container.
    hostExporter: { listenHost: DROPLET_DOCKER_NETWORK.gateway, rootfs: "/host" },
    httpsEntryNetworks: [DROPLET_DOCKER_NETWORK.subnet],
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
    endpoints: mapServices((service) => ({ host: "127.0.0.1", port: ports[service] })),
    ingest: { host: "127.0.0.1", port: ports.vigilIngest },
    bindHost: "127.0.0.1",
    mounts: byConfigTree((tree) => `${root}/${tree.root}`),
    dataDirs: dataDirs((data) => `${root}/data/${data.dir}`),
    externalUrls: { prometheus: url("prometheus"), alertmanager: url("alertmanager"), grafana: url("grafana") },
    secretDelivery: "environment",
    httpsEntryNetworks: [],
  };
}
