import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { emptyState, type StatusState } from "../core/status-model";
import { applyAlertNotification } from "../status-page/alerts";
import { openIncident, scheduleMaintenance, updateIncident } from "../status-page/incidents";
import { HTML_PATHS, siteFiles, type SiteFile } from "../status-page/site";
import { API_PATHS } from "../status-page/statuspage-api";
import { dailyUptime, type MatrixSeries } from "../status-page/uptime";
import { launchChromium } from "../test/support/chromium";
import { notification, TEST_PAGE } from "../test/support/status-page";

// The status page's weight and speed as a visitor's browser sees it: the published files
// served gzip-compressed (as the Spaces CDN serves them) from 127.0.0.1, loaded in headless
// Chromium. A busy page: three components in groups with 90 days of uptime bars, an open
// incident with three updates, a scheduled maintenance and thirty incidents of history.

const LOADS = 31;
const SETTLE_MS = 250;
const GOALS = { requests: 3, kilobytes: 15, firstRenderMs: 100 };

export function busyState(now: Date): StatusState {
  let state = emptyState(now);
  for (let index = 0; index < 30; index += 1) {
    const start = new Date(now.getTime() - (index + 2) * 2 * 86_400_000);
    const [opened, incident] = openIncident(state, { name: `Elevated error rates #${index}`, body: "We are investigating elevated error rates.", components: { api: "partial_outage" } }, start);
    [state] = updateIncident(opened, incident.id, { status: "resolved", body: "Error rates are back to normal." }, new Date(start.getTime() + 3_600_000));
  }
  const fired = applyAlertNotification(TEST_PAGE, state, notification("g1", [{ fingerprint: "a", component: "shop" }]), now);
  if (fired.ok) state = fired.state;
  const open = state.incidents.at(-1);
  if (open) {
    [state] = updateIncident(state, open.id, { status: "identified", body: "A database failover is in progress." }, now);
    [state] = updateIncident(state, open.id, { status: "monitoring", body: "Failover done; watching error rates." }, now);
  }
  [state] = scheduleMaintenance(state, { name: "Database upgrade", body: "Expect up to five minutes of errors.", scheduledFor: new Date(now.getTime() + 86_400_000).toISOString(), scheduledUntil: new Date(now.getTime() + 90_000_000).toISOString(), componentIds: ["shop", "api"] }, now);
  // 90 days watched every 15 minutes, with a bad hour now and then.
  const step = 900;
  const end = Math.floor(now.getTime() / 1_000 / step) * step;
  const times = Array.from({ length: 90 * 96 }, (_, index) => end - index * step);
  const watched: MatrixSeries[] = TEST_PAGE.components.map((component) => ({ metric: { component: component.id }, values: times.map((time) => [time, "1"] as [number, string]) }));
  const probes: MatrixSeries[] = [{ metric: { component: "shop" }, values: times.map((time, index) => [time, index % 700 < 4 ? "0" : "1"] as [number, string]) }];
  return { ...state, uptime: dailyUptime(TEST_PAGE, { stepSeconds: step, watched, probes, alerts: [] }, now) };
}

function serve(files: SiteFile[]): Promise<Server> {
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
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
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

interface Load {
  firstRender: number;
  requests: number;
  transferred: number;
}

/**
 * One visit in a fresh context (cold cache, new renderer): its first render and what it
 * fetched. With `awaitFirstRead`, the status page's first summary.json read is included (it
 * comes a while after the first frame, so the load event alone would miss it).
 */
async function load(browser: Browser, url: string, awaitFirstRead: boolean): Promise<Load> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const sizes: Array<Promise<number>> = [];
    page.on("requestfinished", (request) => sizes.push(request.sizes().then((size) => size.responseBodySize + size.responseHeadersSize)));
    const firstRead = awaitFirstRead ? page.waitForEvent("requestfinished", (request) => request.url().endsWith(`/${API_PATHS.summary}`)) : undefined;
    await page.goto(url, { waitUntil: "load" });
    await firstRead;
    const firstRender = await firstContentfulPaint(page);
    const loaded = await Promise.all(sizes);
    return { firstRender, requests: loaded.length, transferred: loaded.reduce((sum, size) => sum + size, 0) };
  } finally {
    await context.close();
    // The closed context's renderer shuts down in the background; let it, so its work is not
    // counted against the next load.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function benchStatusPage(): Promise<string> {
  const now = new Date();
  const files = [...siteFiles(TEST_PAGE, busyState(now), now), { path: "baseline.html", content: "<!doctype html><title>x</title><p>Baseline</p>", contentType: "text/html", cacheControl: "no-store" }];
  const server = await serve(files);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `${origin}/${HTML_PATHS.index}`;
  const baselineUrl = `${origin}/baseline.html`;
  const browser = await launchChromium();
  const firstRenders: number[] = [];
  const baselineRenders: number[] = [];
  let last: Load | undefined;
  try {
    // The page and the one-line baseline alternate, so both see the same machine; the first
    // round warms the browser up and is not counted.
    for (let round = -1; round < LOADS; round += 1) {
      const baseline = await load(browser, baselineUrl, false);
      last = await load(browser, url, true);
      if (round < 0) continue;
      baselineRenders.push(baseline.firstRender);
      firstRenders.push(last.firstRender);
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
  const requests = last?.requests ?? 0;
  const transferred = last?.transferred ?? 0;
  const baseline = median(baselineRenders);
  const html = files.find((file) => file.path === HTML_PATHS.index);
  const htmlBytes = Buffer.byteLength(html?.content ?? "");
  const htmlGzip = gzipSync(html?.content ?? "", { level: 9 }).length;
  const firstRender = median(firstRenders);
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  return [
    "## Status page",
    "",
    `A busy page (3 components in groups with 90-day uptime bars, an open incident with 3 updates, a scheduled maintenance, 30 incidents of history) served gzip-compressed from 127.0.0.1 and loaded ${LOADS} times in headless Chromium (Debian's), each in a fresh context (cold cache), alternating with a one-line page and a pause after each load. Written by bench/status-page.ts.`,
    "",
    "| measure | value | goal |",
    "|---|---|---|",
    `| requests per load | ${requests} (index.html, summary.json) | ≤ ${GOALS.requests}: ${verdict(requests <= GOALS.requests)} |`,
    `| bytes transferred (compressed, headers included) | ${(transferred / 1024).toFixed(1)} KB | ≤ ${GOALS.kilobytes} KB: ${verdict(transferred <= GOALS.kilobytes * 1024)} |`,
    `| index.html (uncompressed → gzip) | ${(htmlBytes / 1024).toFixed(1)} KB → ${(htmlGzip / 1024).toFixed(1)} KB | |`,
    `| first contentful paint (median of ${LOADS}) | ${firstRender.toFixed(0)} ms (min ${Math.min(...firstRenders).toFixed(0)}, max ${Math.max(...firstRenders).toFixed(0)}) | < ${GOALS.firstRenderMs} ms: ${verdict(firstRender < GOALS.firstRenderMs)} |`,
    `| the same for a one-line page, alternating with it | ${baseline.toFixed(0)} ms: the page's own cost is ${(firstRender - baseline).toFixed(0)} ms | |`,
    "",
    `The one-line page is what this machine needs to show anything: the rest is the page's own cost. The machine's two cores are shared with the other benchmarks and processes, so first-render figures vary by tens of milliseconds between runs.`,
    "",
  ].join("\n");
}

if (require.main === module) {
  benchStatusPage().then((markdown) => console.log(markdown), (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
