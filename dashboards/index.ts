import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type { VigilConfig } from "../core/config";
import { apiDashboard } from "./api";
import { businessDashboard } from "./business";
import type { DashboardDefinition } from "./defaults";
import { finalizeDashboard, vigilDashboard } from "./defaults";
import { errorsDashboard } from "./errors";
import { hostDashboard } from "./host";
import { logsDashboard } from "./logs";
import type { LintException } from "./lint-rules";
import { monitoringDashboard } from "./monitoring";
import { overviewDashboard } from "./overview";
import { postgresDashboard } from "./postgres";
import { redisDashboard } from "./redis";
import { sloDashboard } from "./slo";

/** Every dashboard, in the order the overview links to them. */
export const DEFINITIONS: DashboardDefinition[] = [
  overviewDashboard,
  apiDashboard,
  sloDashboard,
  errorsDashboard,
  logsDashboard,
  hostDashboard,
  postgresDashboard,
  redisDashboard,
  businessDashboard,
  monitoringDashboard,
];

export interface BuiltDashboard {
  definition: DashboardDefinition;
  model: dashboard.Dashboard;
  /** The lint exceptions the definition declares for this config. */
  exceptions: LintException[];
}

/** The dashboards this config has something to show on, built and finalized. */
export function buildDashboards(config: VigilConfig): BuiltDashboard[] {
  const enabled = DEFINITIONS.filter((definition) => definition.enabled?.(config) ?? true);
  const refs = enabled.map(({ file, title }) => ({ file, title }));
  return enabled.map((definition) => {
    const board = vigilDashboard(config, definition.file, definition.title, definition.spansSloWindow);
    const others = refs.filter((ref) => ref.file !== definition.file);
    const exceptions = definition.lintExceptions;
    return {
      definition,
      model: finalizeDashboard(definition.layout(board, config, others).build()),
      exceptions: typeof exceptions === "function" ? exceptions(config) : (exceptions ?? []),
    };
  });
}

/** Every dashboard, built; synth writes each to grafana/dashboards/<uid>.json. */
export function dashboards(config: VigilConfig): dashboard.Dashboard[] {
  return buildDashboards(config).map((built) => built.model);
}
