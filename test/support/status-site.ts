import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { emptyState, type GeneratedText, type Incident, type StatusState } from "../../core/status-model";
import { openIncident, scheduleMaintenance, updateIncident } from "../../status-page/incidents";
import type { SiteFile } from "../../status-page/site";
import { dailyUptime, type MatrixSeries } from "../../status-page/uptime";
import { TEST_PAGE } from "./status-page";

// A busy status site for the language, accessibility and weight checks (unit tests, Chromium,
// the bench): TEST_PAGE's three components in groups with 90 days of uptime bars (one of them
// watched only for the last 80 days), an open incident vigil opened from an alert with three
// updates (two vigil wrote, one a person wrote), a scheduled maintenance, and thirty resolved
// incidents of history, every second one vigil's, so that every kind of GeneratedText shows.

type Update = { status: Parameters<typeof updateIncident>[2]["status"]; body: string; generated?: GeneratedText };

/** Marks the incident's name and the last `texts.length` updates as vigil's words (as status-page/alerts.ts stores them). */
function asGenerated(state: StatusState, incidentId: string, name: GeneratedText, texts: Array<GeneratedText | undefined>): StatusState {
  const mark = (incident: Incident): Incident => {
    const offset = incident.updates.length - texts.length;
    const updates = incident.updates.map((update, index) => {
      const generated = texts[index - offset];
      return generated ? { ...update, generated } : update;
    });
    return { ...incident, generatedName: name, updates };
  };
  return { ...state, incidents: state.incidents.map((incident) => (incident.id === incidentId ? mark(incident) : incident)) };
}

function addIncident(state: StatusState, name: string, updates: Update[], start: Date, generatedName?: GeneratedText): StatusState {
  const [first, ...rest] = updates;
  if (!first) return state;
  let [next, incident] = openIncident(state, { name, body: first.body, status: first.status, components: { api: "partial_outage" } }, start);
  rest.forEach((update, index) => {
    [next] = updateIncident(next, incident.id, { status: update.status, body: update.body }, new Date(start.getTime() + (index + 1) * 1_200_000));
  });
  return generatedName ? asGenerated(next, incident.id, generatedName, updates.map((update) => update.generated)) : next;
}

export function busyState(now: Date): StatusState {
  let state = emptyState(now);
  for (let index = 0; index < 30; index += 1) {
    const start = new Date(now.getTime() - (index + 2) * 2 * 86_400_000);
    if (index % 2 === 0) {
      state = addIncident(state, `Elevated error rates #${index}`, [
        { status: "investigating", body: "We are investigating elevated error rates." },
        { status: "resolved", body: "Error rates are back to normal." },
      ], start);
    } else {
      state = addIncident(state, "Problems with API", [
        { status: "investigating", body: "We are investigating problems with API.", generated: { kind: "alertInvestigating", components: ["api"] } },
        { status: "investigating", body: "Impact on API lowered to degraded performance.", generated: { kind: "impactLowered", status: "degraded_performance", components: ["api"] } },
        { status: "resolved", body: "This incident has been resolved.", generated: { kind: "alertResolved" } },
        { status: "investigating", body: "The problem has returned. We are investigating.", generated: { kind: "alertReturned" } },
        { status: "resolved", body: "This incident has been resolved.", generated: { kind: "alertResolved" } },
      ], start, { kind: "alertIncidentName", components: ["api"] });
    }
  }
  // Open: what an alert on the shop opens, raised once, and a person's word after.
  let [withOpen, open] = openIncident(state, { name: "Problems with Shop", body: "We are investigating problems with Shop.", components: { shop: "major_outage" } }, now);
  [withOpen] = updateIncident(withOpen, open.id, { status: "investigating", body: "Impact on Shop raised to major outage.", components: { shop: "major_outage" } }, now);
  [withOpen] = updateIncident(withOpen, open.id, { status: "identified", body: "A database failover is in progress." }, now);
  state = asGenerated(withOpen, open.id, { kind: "alertIncidentName", components: ["shop"] }, [
    { kind: "alertInvestigating", components: ["shop"] },
    { kind: "impactRaised", status: "major_outage", components: ["shop"] },
    undefined,
  ]);
  [state] = scheduleMaintenance(state, { name: "Database upgrade", body: "Expect up to five minutes of errors.", scheduledFor: new Date(now.getTime() + 86_400_000).toISOString(), scheduledUntil: new Date(now.getTime() + 90_000_000).toISOString(), componentIds: ["shop", "api"] }, now);
  // 90 days watched every 15 minutes, with a bad hour now and then; email only for 80 days.
  const step = 900;
  const end = Math.floor(now.getTime() / 1_000 / step) * step;
  const times = Array.from({ length: 90 * 96 }, (_, index) => end - index * step);
  const watched: MatrixSeries[] = TEST_PAGE.components.map((component) => ({
    metric: { component: component.id },
    values: times.filter((time) => component.id !== "email" || time > end - 80 * 86_400).map((time) => [time, "1"] as [number, string]),
  }));
  const probes: MatrixSeries[] = [{ metric: { component: "shop" }, values: times.map((time, index) => [time, index % 700 < 4 ? "0" : "1"] as [number, string]) }];
  return { ...state, uptime: dailyUptime(TEST_PAGE, { stepSeconds: step, watched, probes, alerts: [] }, now) };
}

export interface GzipSite {
  server: Server;
  origin: string;
  close(): Promise<void>;
}

/** Serves the files gzip-compressed, as the Spaces CDN serves them, from 127.0.0.1 on a free port. */
export async function serveGzipped(files: SiteFile[]): Promise<GzipSite> {
  const byPath = new Map(files.map((file) => [`/${file.path}`, { ...file, gzipped: gzipSync(file.content, { level: 9 }) }]));
  const server = createServer((request, response) => {
    const file = byPath.get(new URL(request.url ?? "/", "http://x").pathname);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": file.contentType, "cache-control": file.cacheControl, "content-encoding": "gzip", "content-length": file.gzipped.length });
    response.end(file.gzipped);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    server,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The first-contentful-paint time, waiting for the entry if the paint has not been reported yet. */
function firstContentfulPaint(page: Page): Promise<number> {
  // Runs in the page: the project's lib has no DOM types, hence the narrow casts.
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const scope = globalThis as unknown as {
          PerformanceObserver: new (callback: (list: { getEntriesByName(name: string): Array<{ startTime: number }> }) => void) => { observe(options: object): void };
        };
        new scope.PerformanceObserver((list) => {
          const entry = list.getEntriesByName("first-contentful-paint")[0];
          if (entry) resolve(entry.startTime);
        }).observe({ type: "paint", buffered: true });
      }),
  );
}

export interface ColdVisit {
  firstRender: number;
  /** Every URL fetched, in the order the requests finished. */
  urls: string[];
  /** Compressed bodies and headers, as the network carried them. */
  transferred: number;
}

/** How long a closed context's renderer takes to shut down in the background. */
const SETTLE_MS = 250;

/**
 * One visit in a fresh context (cold cache, new renderer): its first render and what it
 * fetched. With `firstRead`, the page's first read of that path (its script's summary) is
 * awaited: it comes a while after the first frame, so the load event alone would miss it.
 */
export async function coldVisit(browser: Browser, url: string, firstRead?: string): Promise<ColdVisit> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const sizes: Array<Promise<number>> = [];
    const urls: string[] = [];
    page.on("requestfinished", (request) => {
      urls.push(request.url());
      sizes.push(request.sizes().then((size) => size.responseBodySize + size.responseHeadersSize));
    });
    const read = firstRead ? page.waitForEvent("requestfinished", (request) => request.url().endsWith(`/${firstRead}`)) : undefined;
    await page.goto(url, { waitUntil: "load" });
    await read;
    const firstRender = await firstContentfulPaint(page);
    const loaded = await Promise.all(sizes);
    return { firstRender, urls, transferred: loaded.reduce((sum, size) => sum + size, 0) };
  } finally {
    await context.close();
    // Let the closed renderer go, so its work is not counted against the next visit.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  }
}
