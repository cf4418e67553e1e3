import type { VigilConfig } from "../core/config";
import type { Timing } from "../core/timing";

/** What every area module builds its group from. */
export interface RuleContext {
  config: VigilConfig;
  /** Production durations from config are scaled with it (scaledDuration). */
  timing: Timing;
}

/** An area module: one group, or none when config declares nothing it could watch. */
export type AreaRules = (context: RuleContext) => import("./model").RuleGroup | undefined;
