import type { VigilConfig } from "../core/config";
import type { Timing } from "../core/timing";
import { applicationRules } from "./application";
import { businessRules } from "./business";
import type { AreaRules } from "./context";
import { endpointsRules } from "./endpoints";
import { hostRules } from "./host";
import { withLinks } from "./links";
import type { RuleGroup } from "./model";
import { validateGroup } from "./model";
import { postgresRules } from "./postgres";
import { redisRules } from "./redis";
import { selfRules } from "./self";
import { sentryRules } from "./sentry";
import { sloRules } from "./slo";

/** The areas, in the order their files are listed for reviewers. */
const AREAS: AreaRules[] = [selfRules, hostRules, endpointsRules, applicationRules, sloRules, postgresRules, redisRules, businessRules, sentryRules];

/** Every rule group, validated, with links added; synth writes one file per group. */
export function ruleGroups(config: VigilConfig, timing: Timing, grafanaUrl: string): RuleGroup[] {
  const groups = AREAS.map((area) => area({ config, timing })).filter((group): group is RuleGroup => group !== undefined);
  return withLinks(groups, { runbookBaseUrl: config.alerting.runbookBaseUrl, grafanaUrl, applicationService: config.app.name }).map(validateGroup);
}
