import type { ServiceName } from "../../core/catalog";
import { SERVICE_CATALOG } from "../../core/catalog";
import type { VigilConfig } from "../../core/config";
import type { Placement } from "../../core/placement";
import { address } from "../../core/placement";
import type { Timing } from "../../core/timing";
import { formatDuration } from "../../core/timing";
import { FLUENT_BIT_CONFIG_FILE } from "./fluent-bit";
import { VMALERT_RULES_DIR } from "./vmalert-rules";
import { VMAUTH_CONFIG_FILE } from "./vmauth";

// How the log services start: VictoriaLogs, vmauth in front of its insert endpoint, vmalert
// for the log alerts, Fluent Bit for the droplet's containers. Flags only from the pinned
// releases' documented lists (VictoriaLogs: synth/logs/victoria-logs-flags.ts; vmauth and
// vmalert: the Debian binaries the tests run, `-help`).

/** A log service's flags and environment: a ServiceSpec (synth/services.ts, which merges these in) without files. */
export interface LogServiceSpec {
  args: string[];
  env: Record<string, string>;
}

/** The path of a file of a tree as its service reads it: `vmauth/auth.yml` → `/etc/vmauth/auth.yml`. */
function mounted(placement: Placement, path: string): string {
  const [root, ...rest] = path.split("/");
  const tree = SERVICE_CATALOG[serviceOfTree(root ?? "")].configTree;
  if (!tree) throw new Error(`${path} is in no service's tree`);
  return [placement.mounts[tree.root], ...rest].join("/");
}

function serviceOfTree(root: string): ServiceName {
  const owner = (Object.keys(SERVICE_CATALOG) as ServiceName[]).find((service) => SERVICE_CATALOG[service].configTree?.root === root);
  if (!owner) throw new Error(`no service reads the tree ${root}`);
  return owner;
}

/** A service this place can run, and everything it waits for with it (the catalog's startAfter). */
function runsHere(placement: Placement, service: ServiceName): boolean {
  if (placement.unavailable.includes(service)) return false;
  return (SERVICE_CATALOG[service].startAfter ?? []).every((before) => runsHere(placement, before));
}

export function logServiceSpecs(config: VigilConfig, placement: Placement, timing: Timing): Partial<Record<ServiceName, LogServiceSpec>> {
  const { endpoints, dataDirs } = placement;
  const listen = (port: number) => `${placement.bindHost}:${port}`;
  const specs: Partial<Record<ServiceName, LogServiceSpec>> = {};
  if (runsHere(placement, "victoriaLogs")) {
    specs.victoriaLogs = {
      args: [
        `-storageDataPath=${dataDirs.victoriaLogs}`,
        `-retentionPeriod=${config.logs.retentionDays}d`,
        // Drops the oldest days once the volume is this full, before Prometheus runs out of room.
        `-retention.maxDiskUsagePercent=${config.logs.maxDiskUsagePercent}`,
        `-httpListenAddr=${listen(endpoints.victoriaLogs.port)}`,
      ],
      env: {},
    };
  }
  if (config.logs.ingestToken && runsHere(placement, "vmauth")) {
    specs.vmauth = {
      args: [
        `-auth.config=${mounted(placement, VMAUTH_CONFIG_FILE)}`,
        // SECURITY: the proxy listener serves the proxied paths alone; /metrics, /health and
        // /-/reload answer on the internal listener, which the application hosts cannot reach.
        `-httpListenAddr=${listen(placement.logIngest.port)}`,
        `-httpInternalListenAddr=${listen(endpoints.vmauth.port)}`,
      ],
      env: {},
    };
  }
  if (runsHere(placement, "vmalert")) {
    specs.vmalert = {
      args: [
        `-rule=${mounted(placement, VMALERT_RULES_DIR)}/*.yml`,
        // Every group is LogsQL against VictoriaLogs (docs/victorialogs/vmalert.md).
        "-rule.defaultRuleType=vlogs",
        `-datasource.url=http://${address(endpoints.victoriaLogs)}`,
        `-notifier.url=http://${address(endpoints.alertmanager)}`,
        `-evaluationInterval=${formatDuration(timing.evaluationIntervalSeconds)}`,
        // The label Prometheus's alerts carry (its external_labels), so both route alike.
        `-external.label=vigil=${config.app.name}`,
        `-httpListenAddr=${listen(endpoints.vmalert.port)}`,
      ],
      env: {},
    };
  }
  if (runsHere(placement, "fluentBit")) {
    specs.fluentBit = { args: ["-c", mounted(placement, FLUENT_BIT_CONFIG_FILE)], env: {} };
  }
  return specs;
}
