import { HOST_CONTAINERS, SERVICE_CATALOG, SERVICES, type DataMount } from "../core/catalog";

// The data volume's layout: one directory per service that keeps state (the catalog's data
// mounts), owned by the user its image runs as, so nothing runs as root just to write its
// data. cloud-init creates the directories (infra/cloud-init.ts); the containers bind-mount
// them (infra/container-plan.ts).

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

/** By container name: every stateful container of the service catalog. */
export const DATA_DIRECTORIES: Readonly<Record<string, DataDirectory>> = Object.fromEntries(
  [...SERVICES.map((service) => SERVICE_CATALOG[service]), ...Object.values(HOST_CONTAINERS)].flatMap((entry) =>
    "data" in entry && entry.data ? [[entry.container, { name: entry.data.dir, owner: entry.data.owner }]] : [],
  ),
);

/** Where a data mount's directory is on the droplet. */
export function dataPath(mount: Pick<DataMount, "dir">): string {
  return `${DATA_MOUNT}/${mount.dir}`;
}

/** The device a DigitalOcean volume appears as, by its name. */
export function volumeDevice(volumeName: string): string {
  return `/dev/disk/by-id/scsi-0DO_Volume_${volumeName}`;
}
