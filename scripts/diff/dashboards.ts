import type { DashboardJson, PanelJson } from "./snapshot";

// What changed between two versions of the committed dashboards, in a reviewer's terms:
// dashboards added and removed; panels added, removed, moved and retitled; queries, units
// and thresholds changed. Pure: two snapshots in, a list of changes out.

export interface PanelView {
  /** Identity across versions: the id (derived from the title) or, failing that, the title. */
  key: string;
  title: string;
  type: string;
  /** The row the panel sits under ("" above the first row). */
  row: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** refId → PromQL. */
  queries: Map<string, string>;
  unit: string | undefined;
  /** Thresholds written out: "green, orange ≥ 0.8, red ≥ 0.9". */
  thresholds: string | undefined;
}

export interface QueryChange {
  panel: string;
  refId: string;
  /** Undefined when the query was added. */
  before: string | undefined;
  /** Undefined when the query was removed. */
  after: string | undefined;
}

export interface PanelMove {
  panel: string;
  from: string;
  to: string;
}

export interface ValueChange {
  panel: string;
  before: string;
  after: string;
}

export interface DashboardChange {
  uid: string;
  title: string;
  /** Set when the dashboard's own title changed. */
  previousTitle?: string;
  rowsAdded: string[];
  rowsRemoved: string[];
  panelsAdded: PanelView[];
  panelsRemoved: PanelView[];
  retitled: Array<{ before: string; after: string }>;
  moved: PanelMove[];
  typeChanged: ValueChange[];
  queries: QueryChange[];
  units: ValueChange[];
  thresholds: ValueChange[];
}

export interface DashboardSummary {
  uid: string;
  title: string;
  panels: number;
}

export interface DashboardsDiff {
  added: DashboardSummary[];
  removed: DashboardSummary[];
  changed: DashboardChange[];
}

const REF_IDS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function formatSteps(steps: Array<{ value: number | null; color: string }> | undefined): string | undefined {
  if (!steps || steps.length === 0) return undefined;
  return steps.map((step) => (step.value === null ? step.color : `${step.color} ≥ ${step.value}`)).join(", ");
}

function view(panel: PanelJson, row: string): PanelView {
  const grid = panel.gridPos ?? { x: 0, y: 0, w: 0, h: 0 };
  return {
    key: panel.id !== undefined ? `id:${panel.id}` : `title:${panel.title ?? ""}`,
    title: panel.title ?? "",
    type: panel.type,
    row,
    ...grid,
    // Grafana names unnamed queries A, B, C… in order; so does vigil's finalize pass.
    queries: new Map((panel.targets ?? []).map((target, index) => [target.refId ?? REF_IDS[index] ?? String(index), target.expr ?? ""])),
    unit: panel.fieldConfig?.defaults?.unit,
    thresholds: formatSteps(panel.fieldConfig?.defaults?.thresholds?.steps),
  };
}

/** Every panel but rows, in layout order, with the row it sits under; and the row titles. */
export function panelViews(model: DashboardJson): { panels: PanelView[]; rows: string[] } {
  const panels: PanelView[] = [];
  const rows: string[] = [];
  let row = "";
  for (const panel of model.panels ?? []) {
    if (panel.type === "row") {
      row = panel.title ?? "";
      rows.push(row);
      for (const nested of panel.panels ?? []) panels.push(view(nested, row));
    } else {
      panels.push(view(panel, row));
    }
  }
  return { panels, rows };
}

function panelCount(model: DashboardJson): number {
  return panelViews(model).panels.length;
}

function sameQueries(a: PanelView, b: PanelView): boolean {
  const exprs = (panel: PanelView) => [...panel.queries.values()].sort().join("\n");
  return a.queries.size > 0 && exprs(a) === exprs(b);
}

/** Keys of the longest common subsequence of two orders: the panels that kept their place. */
function keptInOrder(before: string[], after: string[]): Set<string> {
  const table = before.map(() => after.map(() => 0));
  const at = (i: number, j: number) => (i < before.length && j < after.length ? (table[i]?.[j] ?? 0) : 0);
  for (let i = before.length - 1; i >= 0; i -= 1) {
    for (let j = after.length - 1; j >= 0; j -= 1) {
      (table[i] as number[])[j] = before[i] === after[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const kept = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < before.length && j < after.length) {
    if (before[i] === after[j]) {
      kept.add(before[i] as string);
      i += 1;
      j += 1;
    } else if (at(i + 1, j) >= at(i, j + 1)) i += 1;
    else j += 1;
  }
  return kept;
}

function place(panel: PanelView): string {
  return `${panel.row ? `row “${panel.row}”` : "top"}, ${panel.w}×${panel.h} at (${panel.x}, ${panel.y})`;
}

/** The changes within one dashboard present in both snapshots. */
export function diffDashboard(before: DashboardJson, after: DashboardJson): DashboardChange {
  const old = panelViews(before);
  const now = panelViews(after);
  const change: DashboardChange = {
    uid: after.uid,
    title: after.title ?? after.uid,
    ...(before.title !== after.title ? { previousTitle: before.title ?? before.uid } : {}),
    rowsAdded: now.rows.filter((row) => !old.rows.includes(row)),
    rowsRemoved: old.rows.filter((row) => !now.rows.includes(row)),
    panelsAdded: [],
    panelsRemoved: [],
    retitled: [],
    moved: [],
    typeChanged: [],
    queries: [],
    units: [],
    thresholds: [],
  };

  // Pair panels: by key (the id follows the title), by title (a version without ids),
  // then a retitled panel by its queries.
  const pairs: Array<[PanelView, PanelView]> = [];
  const unmatchedNow = new Map(now.panels.map((panel) => [panel.key, panel]));
  let unmatchedOld: PanelView[] = [];
  const pair = (was: PanelView, is: PanelView) => {
    pairs.push([was, is]);
    unmatchedNow.delete(is.key);
  };
  for (const panel of old.panels) {
    const same = unmatchedNow.get(panel.key);
    if (same) pair(panel, same);
    else unmatchedOld.push(panel);
  }
  unmatchedOld = unmatchedOld.filter((panel) => {
    const same = [...unmatchedNow.values()].find((candidate) => candidate.title === panel.title);
    if (same) pair(panel, same);
    return !same;
  });
  for (const panel of unmatchedOld) {
    const renamed = [...unmatchedNow.values()].find((candidate) => candidate.type === panel.type && sameQueries(panel, candidate));
    if (renamed) pair(panel, renamed);
    else change.panelsRemoved.push(panel);
  }
  change.panelsAdded = now.panels.filter((panel) => unmatchedNow.has(panel.key));

  // Moved: to another row, out of order with the panels around it, or resized. A panel
  // added above others shifts them down without moving them in any sense a reader cares about.
  const ordered = (panels: PanelView[]) => [...panels].sort((a, b) => a.y - b.y || a.x - b.x).map((p) => p.key);
  const pairedOld = pairs.map(([o]) => o);
  const newKeyOf = new Map(pairs.map(([o, n]) => [o.key, n.key]));
  const kept = keptInOrder(
    ordered(pairedOld).map((key) => newKeyOf.get(key) as string),
    ordered(pairs.map(([, n]) => n)),
  );
  for (const [o, n] of pairs) {
    if (o.title !== n.title) change.retitled.push({ before: o.title, after: n.title });
    const resized = o.w !== n.w || o.h !== n.h;
    if (o.row !== n.row || !kept.has(n.key) || resized) change.moved.push({ panel: n.title, from: place(o), to: place(n) });
    if (o.type !== n.type) change.typeChanged.push({ panel: n.title, before: o.type, after: n.type });
    if ((o.unit ?? "") !== (n.unit ?? "")) change.units.push({ panel: n.title, before: o.unit ?? "(none)", after: n.unit ?? "(none)" });
    if ((o.thresholds ?? "") !== (n.thresholds ?? "")) {
      change.thresholds.push({ panel: n.title, before: o.thresholds ?? "(none)", after: n.thresholds ?? "(none)" });
    }
    for (const refId of new Set([...o.queries.keys(), ...n.queries.keys()])) {
      const was = o.queries.get(refId);
      const is = n.queries.get(refId);
      if (was !== is) change.queries.push({ panel: n.title, refId, before: was, after: is });
    }
  }
  return change;
}

export function isEmptyChange(change: DashboardChange): boolean {
  return (
    change.previousTitle === undefined &&
    [
      change.rowsAdded,
      change.rowsRemoved,
      change.panelsAdded,
      change.panelsRemoved,
      change.retitled,
      change.moved,
      change.typeChanged,
      change.queries,
      change.units,
      change.thresholds,
    ].every((list) => list.length === 0)
  );
}

export function diffDashboards(before: Map<string, DashboardJson>, after: Map<string, DashboardJson>): DashboardsDiff {
  const summary = (model: DashboardJson): DashboardSummary => ({
    uid: model.uid,
    title: model.title ?? model.uid,
    panels: panelCount(model),
  });
  const uids = [...new Set([...before.keys(), ...after.keys()])].sort();
  const diff: DashboardsDiff = { added: [], removed: [], changed: [] };
  for (const uid of uids) {
    const was = before.get(uid);
    const is = after.get(uid);
    if (!was && is) diff.added.push(summary(is));
    else if (was && !is) diff.removed.push(summary(was));
    else if (was && is) {
      const change = diffDashboard(was, is);
      if (!isEmptyChange(change)) diff.changed.push(change);
    }
  }
  return diff;
}
