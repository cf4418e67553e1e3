import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ServiceName } from "../../core/catalog";
import { SERVICE_CATALOG } from "../../core/catalog";
import type { Placement } from "../../core/placement";
import { EXPORTER_NODE } from "../../infra/exporter-bundle";
import { fillSecrets } from "../../synth/secrets";
import type { ServiceSpec } from "../../synth/services";
import type { StartOptions } from "./processes";

// vigil's own services as local processes: the catalog says what runs each one here (a
// Debian binary, the exporter bundle, or a binary that may be missing) and when it is ready.

/** The URL that answers once a service is ready to work. */
export function readinessUrl(service: ServiceName, placement: Placement): string {
  const { host, port } = placement.endpoints[service];
  return `http://${host}:${port}${SERVICE_CATALOG[service].readyPath}`;
}

function onPath(binary: string): boolean {
  return (process.env.PATH ?? "").split(":").some((dir) => dir && existsSync(join(dir, binary)));
}

/**
 * How to start one service with its spec (flags, environment with the secrets filled), or
 * why it cannot run on this machine.
 */
export function serviceProcess(
  service: ServiceName,
  spec: ServiceSpec,
  placement: Placement,
  secrets: ReadonlyMap<string, string>,
  exporterBundle: string,
): StartOptions | { skipped: string } {
  const env = Object.fromEntries(Object.entries(spec.env).map(([key, value]) => [key, fillSecrets(value, secrets)]));
  const { local, configTree } = SERVICE_CATALOG[service];
  switch (local.kind) {
    case "debian":
      return { name: service, command: local.command, args: spec.args, env };
    case "exporterBundle":
      // The Node release the exporter's container runs, not the one running this stack.
      return { name: service, command: EXPORTER_NODE, args: [exporterBundle, ...spec.args], env };
    case "optional": {
      const home = local.homeDirs.find((path) => existsSync(join(path, "conf")));
      if (!onPath(local.command) || !home) {
        const instead = configTree ? `; the ${local.showInstead} are in ${join(placement.mounts[configTree.root], local.showInstead)} (and generated/${configTree.root}/${local.showInstead}/)` : "";
        return { skipped: `${local.command} is not on PATH${instead}` };
      }
      return { name: service, command: local.command, args: [`--homepath=${home}`, ...spec.args], env };
    }
  }
}
