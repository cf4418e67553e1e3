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

/** An optional service's binary is on PATH here (and its home directory exists, if it names them). */
export function optionalBinaryPresent(service: ServiceName): boolean {
  const local = SERVICE_CATALOG[service].local;
  if (local.kind !== "optional") return true;
  return onPath(local.command) && (!local.homeDirs || local.homeDirs.some((path) => existsSync(join(path, "conf"))));
}

/** Why an optional service is not started here, and where to look instead. */
export function optionalSkipReason(service: ServiceName, placement: Placement): string {
  const { local, configTree } = SERVICE_CATALOG[service];
  if (local.kind !== "optional") return `${service} is not optional`;
  const folder = configTree && local.showInstead ? join(placement.mounts[configTree.root], local.showInstead) : undefined;
  const generated = configTree && local.showInstead ? join("generated", configTree.root, local.showInstead) : undefined;
  const what = local.showInstead === "." ? "its configuration is" : `the ${local.showInstead ?? ""} are`;
  const instead = folder ? `; ${what} in ${folder} (and ${generated}/)` : "";
  return `${local.command} is not on PATH${instead}`;
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
      const home = local.homeDirs?.find((path) => existsSync(join(path, "conf")));
      if (!onPath(local.command) || (local.homeDirs && !home)) return { skipped: optionalSkipReason(service, placement) };
      return { name: service, command: local.command, args: [...(home ? [`--homepath=${home}`] : []), ...spec.args], env };
    }
  }
}
