import { quoted, selectors } from "../core/config/selectors";
import { scaledDuration } from "../core/timing";
import type { RuleContext } from "./context";
import { durationQuantile, requestRate } from "./http";
import { forVisitors, type RuleGroup } from "./model";
import { percent, ratioAlert, scaledWindow } from "./templates";

// Alerts over the application's own HTTP metrics (names and labels from
// config.app.httpMetrics): errors and latency as its users feel them, per route where a
// route has its own latency budget.

/** Windows and `for:` that config does not set. */
const APPLICATION = {
  /** The p95 of HighLatencyP95 is taken over this window before `latencyFor` counts. */
  latencyWindow: "5m",
  /** LatencyRegression compares the p95 of this window… */
  regressionWindow: "1h",
  /** …with the same window this long before: the same hour of the previous day. */
  regressionOffset: "1d",
  /** …and the regression must hold a while, so a p95 hovering at the limit does not flap. */
  regressionFor: "15m",
} as const;

export function applicationRules({ config, timing }: RuleContext): RuleGroup {
  const settings = config.alerts.application;
  const { http } = selectors(config);
  const component = config.app.name;
  const errorWindow = scaledWindow(timing, settings.errorWindow);
  const latencyWindow = scaledWindow(timing, APPLICATION.latencyWindow);
  const latencyFor = scaledDuration(timing, settings.latencyFor);
  const regressionWindow = scaledWindow(timing, APPLICATION.regressionWindow);
  const regressionOffset = scaledDuration(timing, APPLICATION.regressionOffset);
  const route = `$labels.${http.routeLabel}`;

  // Sorted, so the rendered rule does not change with the order keys were written in.
  const budgets = Object.entries(settings.routeLatencyBudgets).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const p95ByRoute = (matchers: string[]) =>
    durationQuantile(http, 0.95, { window: latencyWindow, by: ["job", http.routeLabel], matchers });
  // One expression, so HighLatencyP95 stays one alert with one runbook: the routes without
  // a budget of their own against the default, each budgeted route against its budget.
  const latencyBranches = [
    `${p95ByRoute(budgets.map(([name]) => http.routeIsNot(name)))} > ${settings.latencyP95Seconds}`,
    ...budgets.map(([name, seconds]) => `${p95ByRoute([http.routeIs(name)])} > ${seconds}`),
  ];
  const latencyExpr =
    latencyBranches.length === 1 ? latencyBranches[0]! : latencyBranches.map((branch) => `(\n  ${branch}\n)`).join("\nor\n");
  // The budget that applies to the alerting route, chosen in the template.
  const budgetText =
    budgets.map(([name, seconds], i) => `{{ ${i === 0 ? "if" : "else if"} eq ${route} ${quoted(name)} }}${seconds}s`).join("") +
    (budgets.length > 0 ? `{{ else }}${settings.latencyP95Seconds}s{{ end }}` : `${settings.latencyP95Seconds}s`);

  const p95Now = durationQuantile(http, 0.95, { window: regressionWindow, by: ["job"] });
  const p95DayBefore = durationQuantile(http, 0.95, { window: regressionWindow, by: ["job"], offset: regressionOffset });

  return {
    name: "application",
    rules: [
      ratioAlert({
        alert: "HighErrorRate",
        numerator: requestRate(http, { window: errorWindow, by: ["job"], matchers: [http.serverErrors] }),
        denominator: requestRate(http, { window: errorWindow, by: ["job"] }),
        threshold: settings.errorRatio,
        // Held for a whole window: a burst of errors shorter than a scrape or two leaves the
        // window before the alert fires, so it pages only for errors that last.
        for: settings.errorWindow,
        severity: "critical",
        // Some requests fail, most succeed: a partial outage, however urgently it pages.
        visitors: forVisitors(component, "partial_outage"),
        summary: `${component} answers {{ $value | humanizePercentage }} of requests with 5xx errors.`,
        description: `{{ $value | humanizePercentage }} of the requests to ${component} (job {{ $labels.job }}) were answered with a 5xx status over the last ${errorWindow}, above the ${percent(settings.errorRatio)} threshold, for ${scaledDuration(timing, settings.errorWindow)}. Users see errors.`,
        timing,
      }),
      {
        alert: "HighLatencyP95",
        expr: latencyExpr,
        for: latencyFor,
        labels: { severity: "warning", ...forVisitors(component, "degraded_performance") },
        annotations: {
          summary: `p95 latency of ${component} {{ ${route} }} is {{ $value | humanizeDuration }}.`,
          description: `95% of requests to {{ ${route} }} (${component}) took up to {{ $value | humanizeDuration }} over the last ${latencyWindow}, above the route's budget of ${budgetText}, for ${latencyFor}.`,
        },
      },
      {
        alert: "LatencyRegression",
        // The value is today's p95; the floor keeps a fast service's jitter quiet.
        expr: `(\n  ${p95Now} > ${settings.regressionFloorSeconds}\n)\n> (1 + ${settings.regressionRatio}) * ${p95DayBefore}`,
        for: scaledDuration(timing, APPLICATION.regressionFor),
        labels: { severity: "warning", ...forVisitors(component, "degraded_performance") },
        annotations: {
          summary: `${component} has become slower: p95 {{ $value | humanizeDuration }} over the last ${regressionWindow}.`,
          description: `The p95 latency of ${component} over the last ${regressionWindow} is {{ $value | humanizeDuration }}, more than ${percent(settings.regressionRatio)} above the same ${regressionWindow} ${regressionOffset} earlier ({{ with query ${goRawString(p95DayBefore)} }}{{ . | first | value | humanizeDuration }}{{ end }}). A release or a change in load or data may have made it slower.`,
        },
      },
    ],
  };
}

/** A Go template raw string, so the query's own double quotes need no escaping. */
function goRawString(text: string): string {
  if (text.includes("`")) throw new Error(`cannot quote a query with a backtick: ${text}`);
  return `\`${text}\``;
}
