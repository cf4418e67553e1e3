import { createHash } from "node:crypto";
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type { VigilConfig } from "../core/config";
import { selectors } from "../core/config/selectors";
import type { DashboardFile } from "../core/dashboard-uids";
import { DATASOURCE_UIDS, dashboardUid, LOGS_WINDOW_MS, logsDashboardUrl } from "../core/dashboard-uids";
import type { LintException } from "./lint-rules";
import { datasourceVariable } from "./panels";

// What every dashboard shares, applied in one place (kubernetes-mixin's
// dashboards/defaults.libsonnet): uid from the file name, tags, time zone, refresh, the data
// source variable, the link set to the other dashboards; and, once built, panel ids and
// query refIds assigned so the committed JSON only changes where the dashboard did.

/** The tag every vigil dashboard carries; the shared link set lists dashboards by it. */
export const DASHBOARD_TAG = "vigil";

/** One dashboard: its file (hence uid), its title, its layout and its declared lint exceptions. */
export interface DashboardDefinition {
  file: DashboardFile;
  /** Shown after the application's name: "shop — PostgreSQL". */
  title: string;
  /** False when the config has nothing for this dashboard to show (no postgres section). */
  enabled?: (config: VigilConfig) => boolean;
  /**
   * The layout: rows and panels added to `board`, which already carries the defaults.
   * `others` are the other dashboards built for this config (for links).
   */
  layout: (board: dashboard.DashboardBuilder, config: VigilConfig, others: DashboardRef[]) => dashboard.DashboardBuilder;
  /** Lint rules this dashboard breaks on purpose, each with the reason (per config when panels are). */
  lintExceptions?: LintException[] | ((config: VigilConfig) => LintException[]);
  /** Shows the whole SLO window: it reads from the long-term store when the droplet keeps less. */
  spansSloWindow?: boolean;
}

export interface DashboardRef {
  file: DashboardFile;
  title: string;
}

export function dashboardTitle(config: VigilConfig, title: string): string {
  return `${config.app.name} — ${title}`;
}

/**
 * A link shown in the dashboard's top bar. The SDK places links in the controls menu by
 * default, where an operator in a hurry would not find them.
 */
export function inTopBar(link: dashboard.DashboardLinkBuilder): cog.Builder<dashboard.DashboardLink> {
  return {
    build: () => {
      const { placement: _menu, ...shown } = link.build();
      return shown;
    },
  };
}

/** The shared link set: every vigil dashboard, by tag, in a drop-down at the top. */
export function dashboardsLink(): cog.Builder<dashboard.DashboardLink> {
  return inTopBar(
    new dashboard.DashboardLinkBuilder("vigil dashboards")
      .type(dashboard.DashboardLinkType.Dashboards)
      .tags([DASHBOARD_TAG])
      .asDropdown(true)
      .includeVars(true)
      .keepTime(true),
  );
}

/** A direct link to one dashboard, kept time range and data source. */
export function dashboardLink(config: VigilConfig, ref: DashboardRef): cog.Builder<dashboard.DashboardLink> {
  return inTopBar(
    new dashboard.DashboardLinkBuilder(ref.title)
      .type(dashboard.DashboardLinkType.Link)
      .tooltip(dashboardTitle(config, ref.title))
      .url(`/d/${dashboardUid(ref.file)}`)
      .includeVars(true)
      .keepTime(true),
  );
}

/**
 * The application's logs over the time range this dashboard shows: a top-bar link from the
 * dashboards about the application (API, Errors). The Logs dashboard's service variable is
 * the application's name, the service its hosts' lines carry.
 */
export function applicationLogsLink(config: VigilConfig): cog.Builder<dashboard.DashboardLink> {
  return inTopBar(
    new dashboard.DashboardLinkBuilder("Logs")
      .type(dashboard.DashboardLinkType.Link)
      .tooltip(`${config.app.name}'s log lines over this time range`)
      .url(logsDashboardUrl("", config.app.name))
      .keepTime(true),
  );
}

/**
 * A panel's data link to the application's logs around the moment clicked: Grafana centres
 * `time.window` on `time` (${__value.time}, the point's timestamp in milliseconds).
 */
export function applicationLogsDataLink(config: VigilConfig): cog.Builder<dashboard.DashboardLink> {
  return {
    build: () => ({
      title: `${config.app.name}'s logs around this moment`,
      url: `${logsDashboardUrl("", config.app.name)}&time=\${__value.time}&time.window=${LOGS_WINDOW_MS}`,
    }) as dashboard.DashboardLink,
  };
}

/** A dashboard with vigil's defaults; the dashboard file adds rows and panels. */
export function vigilDashboard(config: VigilConfig, file: DashboardFile, title: string, spansSloWindow = false): dashboard.DashboardBuilder {
  const fromLongTermStore = spansSloWindow && selectors(config).slo.fromLongTermStore;
  return new dashboard.DashboardBuilder(dashboardTitle(config, title))
    .uid(dashboardUid(file))
    .tags([DASHBOARD_TAG, file])
    .timezone("browser")
    .refresh("1m")
    .time({ from: "now-6h", to: "now" })
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .readonly()
    .withVariable(fromLongTermStore ? datasourceVariable().current({ text: config.prometheus.longTermStore?.name ?? "", value: DATASOURCE_UIDS.longTermStore }) : datasourceVariable())
    .link(dashboardsLink());
}

/**
 * A panel's id, derived from its title: adding or moving a panel leaves every other id
 * as it was (sequential ids would renumber everything below), and links such as
 * `viewPanel=` keep working until the panel is renamed.
 */
export function panelId(title: string): number {
  return Number.parseInt(createHash("sha256").update(title).digest("hex").slice(0, 6), 16) + 1;
}

/** What a panel's id is derived from: its title (a row's is kept apart from panels'). */
export function panelIdSeed(panel: { type: string; title?: string }): string {
  return panel.type === "row" ? `row:${panel.title ?? ""}` : (panel.title ?? "");
}

/** A panel's queries as plain objects (cog's Dataquery type exposes none of their fields). */
export interface QueryTarget {
  refId?: string;
  expr?: string;
  instant?: boolean;
  format?: string;
  datasource?: { type?: string; uid?: string };
}

export function targetsOf(panel: dashboard.Panel): QueryTarget[] {
  return (panel.targets ?? []) as unknown as QueryTarget[];
}

const REF_IDS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Every panel of a dashboard, rows included, in layout order (rows' nested panels too). */
export function allPanels(model: dashboard.Dashboard): Array<dashboard.Panel | dashboard.RowPanel> {
  const panels: Array<dashboard.Panel | dashboard.RowPanel> = [];
  for (const panel of model.panels ?? []) {
    panels.push(panel);
    if (panel.type === "row") panels.push(...((panel as dashboard.RowPanel).panels ?? []));
  }
  return panels;
}

/** Assigns panel ids and query refIds; two panels with one title are a mistake, refused here. */
export function finalizeDashboard(model: dashboard.Dashboard): dashboard.Dashboard {
  const titles = new Set<string>();
  for (const panel of allPanels(model)) {
    const key = panelIdSeed(panel);
    if (titles.has(key)) throw new Error(`dashboard ${model.uid}: two panels are titled "${panel.title ?? ""}"`);
    titles.add(key);
    panel.id = panelId(key);
    if (panel.type !== "row") {
      targetsOf(panel as dashboard.Panel).forEach((target, index) => {
        target.refId ??= REF_IDS[index];
      });
    }
  }
  return model;
}
