import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type { VigilConfig } from "../infra/config";
import { overviewDashboard } from "./overview";

/** Every dashboard, built; synth writes each to grafana/dashboards/<uid>.json. */
export function dashboards(config: VigilConfig): dashboard.Dashboard[] {
  return [overviewDashboard(config)];
}
