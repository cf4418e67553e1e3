import { alertmanagerPlan } from "../alert-rules/alertmanager";
import type { VigilConfig } from "../core/config";
import type { Placement } from "../core/placement";
import type { Timing } from "../core/timing";
import type { Artifact } from "./artifact";
import { yamlArtifact } from "./artifact";
import { SecretCollector } from "./secrets";

/** alertmanager.yml, the message templates it names, and one placeholder file per secret. */
export function alertmanagerArtifacts(config: VigilConfig, placement: Placement, timing: Timing): Artifact[] {
  const secrets = new SecretCollector(placement, "alertmanager");
  const plan = alertmanagerPlan(config, placement, timing, secrets);
  return [
    yamlArtifact("alertmanager/alertmanager.yml", plan.config),
    ...plan.templateFiles.map((file) => ({ path: `alertmanager/${file.artifactPath}`, content: file.content })),
    ...secrets.artifacts(),
  ];
}
