// The data volume's layout: one directory per service that keeps state, owned by the user
// its image runs as, so nothing runs as root just to write its data. cloud-init creates
// the directories (infra/cloud-init.ts); the containers bind-mount them (infra/containers.ts).

/** Where cloud-init mounts the DigitalOcean volume. */
export const DATA_MOUNT = "/mnt/vigil-data";

/** Written by cloud-init once the volume is mounted and the directories exist. */
export const READINESS_MARKER = "/var/lib/vigil/ready";

export interface DataDirectory {
  /** Directory under DATA_MOUNT. */
  name: string;
  /** uid:gid the image's process runs as. */
  owner: string;
}

/** By container name. */
export const DATA_DIRECTORIES = {
  // prom/prometheus and prom/alertmanager run as nobody.
  prometheus: { name: "prometheus", owner: "65534:65534" },
  alertmanager: { name: "alertmanager", owner: "65534:65534" },
  // grafana/grafana runs as uid 472, group root.
  grafana: { name: "grafana", owner: "472:0" },
  // The node image's `node` user, which runs the exporter bundle.
  "vigil-exporter": { name: "vigil-exporter", owner: "1000:1000" },
  // Caddy keeps its ACME account and certificates here; it runs as root in its image.
  caddy: { name: "caddy", owner: "0:0" },
} as const satisfies Record<string, DataDirectory>;

export type StatefulContainer = keyof typeof DATA_DIRECTORIES;

export function dataPath(container: StatefulContainer): string {
  return `${DATA_MOUNT}/${DATA_DIRECTORIES[container].name}`;
}

/** The device a DigitalOcean volume appears as, by its name. */
export function volumeDevice(volumeName: string): string {
  return `/dev/disk/by-id/scsi-0DO_Volume_${volumeName}`;
}
