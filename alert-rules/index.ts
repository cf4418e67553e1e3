import type { VigilConfig } from "../infra/config";
import type { Timing } from "../synth/timing";
import type { AreaRules } from "./context";
import { withLinks } from "./links";
import type { RuleGroup } from "./model";
import { validateGroup } from "./model";
import { selfRules } from "./self";

/** The areas, in the order their files are listed for reviewers. */
const AREAS: AreaRules[] = [selfRules];

export interface RuleLinks {
  /** Where runbooks live: config.alerting.runbookBaseUrl. */
  runbookBaseUrl: string;
  /** Grafana's URL as operators open it (placement.externalUrls.grafana). */
  grafanaUrl: string;
}

/** Every rule group, validated, with links added; synth writes one file per group. */
export function ruleGroups(config: VigilConfig, timing: Timing, grafanaUrl: string): RuleGroup[] {
  const groups = AREAS.map((area) => area({ config, timing })).filter((group): group is RuleGroup => group !== undefined);
  return withLinks(groups, { runbookBaseUrl: config.alerting.runbookBaseUrl, grafanaUrl }).map(validateGroup);
}
