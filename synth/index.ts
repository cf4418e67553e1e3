import type { VigilConfig } from "../core/config";
import type { Placement } from "../core/placement";
import type { Timing } from "../core/timing";
import { alertmanagerArtifacts } from "./alertmanager";
import type { Artifact } from "./artifact";
import { blackboxArtifacts } from "./blackbox";
import { exporterArtifacts } from "./exporter";
import { grafanaArtifacts } from "./grafana";
import { fluentBitArtifacts } from "./logs/fluent-bit";
import { vmalertArtifacts } from "./logs/vmalert-rules";
import { vmauthArtifacts } from "./logs/vmauth";
import { prometheusArtifacts } from "./prometheus";
import { ruleArtifacts } from "./rules";

export type { Artifact } from "./artifact";

/**
 * Renders every file the stack's services read. Pure: no network, clock or randomness,
 * so the same input gives byte-identical output, in path order.
 */
export function synth(config: VigilConfig, placement: Placement, timing: Timing): Artifact[] {
  const artifacts = [
    ...prometheusArtifacts(config, placement, timing),
    ...ruleArtifacts(config, placement, timing),
    ...alertmanagerArtifacts(config, placement, timing),
    ...blackboxArtifacts(config, placement),
    ...grafanaArtifacts(config, placement, timing),
    ...exporterArtifacts(config, placement),
    ...vmauthArtifacts(config, placement),
    ...vmalertArtifacts(config, placement, timing),
    ...fluentBitArtifacts(config, placement),
  ];
  const seen = new Set<string>();
  for (const artifact of artifacts) {
    if (seen.has(artifact.path)) throw new Error(`synth rendered ${artifact.path} twice`);
    seen.add(artifact.path);
  }
  return artifacts.sort((a, b) => (a.path < b.path ? -1 : 1));
}
