import type { VigilConfig } from "../infra/config";
import type { Timing } from "../synth/timing";
import { withRunbookLinks } from "./links";
import type { RuleGroup } from "./model";
import { validateGroup } from "./model";
import { selfRules } from "./self";

/** Every rule group, validated, with links added; synth writes one file per group. */
export function ruleGroups(config: VigilConfig, timing: Timing): RuleGroup[] {
  const groups = [selfRules(timing)];
  return withRunbookLinks(groups, config.alerting.runbookBaseUrl).map(validateGroup);
}
