import type { VigilConfig } from "../core/config";
import { alertmanagerPlan } from "../alert-rules/alertmanager";
import type { Artifact } from "./artifact";
import { yamlArtifact } from "./artifact";
import type { Placement } from "../core/placement";
import { secretPlaceholder } from "./secrets";
import type { Timing } from "../core/timing";

/** alertmanager.yml, the message templates it names, and one placeholder file per secret. */
export function alertmanagerArtifacts(config: VigilConfig, placement: Placement, timing: Timing): Artifact[] {
  const plan = alertmanagerPlan(config, placement, timing);
  return [
    yamlArtifact("alertmanager/alertmanager.yml", plan.config),
    ...plan.templateFiles.map((file) => ({ path: `alertmanager/${file.artifactPath}`, content: file.content })),
    // No trailing newline: Alertmanager reads the whole file as the value.
    ...plan.secretFiles.map((file) => ({
      path: `alertmanager/${file.artifactPath}`,
      content: secretPlaceholder(file.secret),
      secret: true,
    })),
  ];
}
