import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";

// The e2e suite runs every query of every panel against the live local stack and expects
// data. A panel that cannot have data there (no Docker engine on a test machine) says so
// where it is laid out, wrapped in cannotRunHere() below, so the reason sits next to the
// panel and the suite can list it.

export interface LiveDataDeclaration {
  kind: "cannot-run-here";
  reason: string;
}

// Keyed by the built panel object, which DashboardBuilder.withPanel keeps as it is, so a
// declaration follows its panel into the dashboard model without a field in the JSON.
const declarations = new WeakMap<object, LiveDataDeclaration>();

class DeclaredPanel implements cog.Builder<dashboard.Panel> {
  constructor(
    private readonly inner: cog.Builder<dashboard.Panel>,
    private readonly declaration: LiveDataDeclaration,
  ) {}

  build(): dashboard.Panel {
    const panel = this.inner.build();
    declarations.set(panel, this.declaration);
    return panel;
  }
}

/** The panel's data needs something that cannot run on a test machine; say what and why. */
export function cannotRunHere(panel: cog.Builder<dashboard.Panel>, reason: string): cog.Builder<dashboard.Panel> {
  return new DeclaredPanel(panel, { kind: "cannot-run-here", reason });
}

export function liveDataDeclaration(panel: object): LiveDataDeclaration | undefined {
  return declarations.get(panel);
}

/** The reasons shared by several panels, so the suite's list reads the same everywhere. */
export const CANNOT_RUN_HERE = {
  cadvisor: "cAdvisor reads container statistics from the Docker engine, and no Docker engine runs on a test machine",
} as const;
