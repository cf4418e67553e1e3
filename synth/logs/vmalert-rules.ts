import { logAlertGroups } from "../../alert-rules/logs";
import type { VigilConfig } from "../../core/config";
import type { Placement } from "../../core/placement";
import type { Timing } from "../../core/timing";
import type { Artifact } from "../artifact";
import { yamlArtifact } from "../artifact";
import { orderedRule } from "../rules";

/** vmalert's rule files, under its tree (its -rule flag reads every .yml here). */
export const VMALERT_RULES_DIR = "vmalert/rules";

/** The log alerts as vmalert reads them: one file per group, each group `type: vlogs`. */
export function vmalertArtifacts(config: VigilConfig, placement: Placement, timing: Timing): Artifact[] {
  return logAlertGroups(config, timing, placement.externalUrls.grafana).map((group) =>
    yamlArtifact(`${VMALERT_RULES_DIR}/${group.name}.yml`, {
      groups: [{ name: group.name, type: "vlogs", ...(group.interval ? { interval: group.interval } : {}), rules: group.rules.map(orderedRule) }],
    }),
  );
}
