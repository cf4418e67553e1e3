import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import { gzipSync } from "node:zlib";
import { PAGE_LANGUAGES, type PageLanguage } from "../core/page-languages";
import { localizedPath, summaryPath } from "../status-page/paths";
import { HTML_PATHS, siteFiles } from "../status-page/site";
import { launchChromium } from "../test/support/chromium";
import { TEST_PAGE } from "../test/support/status-page";
import { busyState, coldVisit, type ColdVisit, serveGzipped } from "../test/support/status-site";

// The status page's weight and speed as a visitor's browser sees it, in each language: the
// published files served gzip-compressed (as the Spaces CDN serves them) from 127.0.0.1,
// loaded in headless Chromium. A busy page (test/support/status-site.ts): three components in
// groups with 90 days of uptime bars, an open incident with three updates, a scheduled
// maintenance and thirty incidents of history.

const LOADS = 31;
const GOALS = { requests: 3, kilobytes: 15, firstRenderMs: 100, ownCostMs: 40 };
const BASELINE_PATH = "baseline.html";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Whether this machine has a font for Han and Hangul text (Debian's Chromium uses fontconfig's). */
function hasCjkFont(): boolean {
  try {
    return execFileSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" }).trim() !== "";
  } catch {
    return false;
  }
}

export async function benchStatusPage(): Promise<string> {
  const now = new Date();
  const files = [...siteFiles(TEST_PAGE, busyState(now), now), { path: BASELINE_PATH, content: "<!doctype html><title>x</title><p>Baseline</p>", contentType: "text/html", cacheControl: "no-store" }];
  const site = await serveGzipped(files);
  const browser = await launchChromium();
  const renders = new Map<PageLanguage, number[]>(PAGE_LANGUAGES.map((language) => [language, []]));
  const lastVisit = new Map<PageLanguage, ColdVisit>();
  const baselineRenders: number[] = [];
  try {
    // Each round loads the one-line baseline, then every language's page, so all of them see
    // the same machine; the languages take turns at each place in the round, so none is always
    // the one loaded right after the baseline. The first round warms the browser up and is not
    // counted.
    for (let round = -1; round < LOADS; round += 1) {
      const baseline = await coldVisit(browser, `${site.origin}/${BASELINE_PATH}`);
      if (round >= 0) baselineRenders.push(baseline.firstRender);
      const shift = (round + 1) % PAGE_LANGUAGES.length;
      for (const language of [...PAGE_LANGUAGES.slice(shift), ...PAGE_LANGUAGES.slice(0, shift)]) {
        const visit = await coldVisit(browser, `${site.origin}/${localizedPath(HTML_PATHS.index, language)}`, summaryPath(language));
        lastVisit.set(language, visit);
        if (round >= 0) renders.get(language)?.push(visit.firstRender);
      }
    }
  } finally {
    await browser.close();
    await site.close();
  }
  // What else the machine ran meanwhile: its 5-minute load average when the loads ended.
  const machineLoad = loadavg()[1] ?? Number.NaN;
  const baseline = median(baselineRenders);
  const rows = PAGE_LANGUAGES.map((language) => {
    const visit = lastVisit.get(language);
    const requests = visit?.urls.length ?? 0;
    const transferred = visit?.transferred ?? 0;
    const html = files.find((file) => file.path === localizedPath(HTML_PATHS.index, language))?.content ?? "";
    const firstRenders = renders.get(language) ?? [];
    const firstRender = median(firstRenders);
    const ownCost = firstRender - baseline;
    const missed = [
      ...(requests <= GOALS.requests ? [] : ["requests"]),
      ...(transferred <= GOALS.kilobytes * 1024 ? [] : ["bytes"]),
      ...(firstRender < GOALS.firstRenderMs ? [] : ["first paint"]),
      ...(ownCost <= GOALS.ownCostMs ? [] : ["own cost"]),
    ];
    return `| ${language} | ${requests} | ${(transferred / 1024).toFixed(1)} KB | ${(Buffer.byteLength(html) / 1024).toFixed(1)} KB → ${(gzipSync(html, { level: 9 }).length / 1024).toFixed(1)} KB | ${firstRender.toFixed(0)} ms (${Math.min(...firstRenders).toFixed(0)}–${Math.max(...firstRenders).toFixed(0)}) | ${ownCost.toFixed(0)} ms | ${missed.length === 0 ? "met" : `**missed**: ${missed.join(", ")}`} |`;
  });
  const fonts = hasCjkFont()
    ? "This machine has a CJK font, so the zh-CN, zh-TW and ko pages draw their Han and Hangul glyphs."
    : "This machine has no CJK font (Debian's fonts-noto-cjk is not installed), so Chromium draws Han and Hangul as fallback boxes: the zh-CN, zh-TW and ko figures leave out the cost of a CJK font, which a visitor's machine adds.";
  return [
    "## Status page",
    "",
    `A busy page (3 components in groups with 90-day uptime bars, an open incident with 3 updates, a scheduled maintenance, 30 incidents of history) in each of its six languages (index.<language>.html), served gzip-compressed from 127.0.0.1 and loaded ${LOADS} times each in headless Chromium (Debian's), each load in a fresh context (cold cache) with a pause after it; every round loads a one-line page first, then each language, in an order that turns by one each round. Requests and bytes count the page and its script's first read of its summary (api/v2/summary.<language>.json). Written by bench/status-page.ts.`,
    "",
    `Goals: ≤ ${GOALS.requests} requests, ≤ ${GOALS.kilobytes} KB transferred, first contentful paint < ${GOALS.firstRenderMs} ms, and the page's own cost (its first render above the one-line page's) ≤ ${GOALS.ownCostMs} ms.`,
    "",
    "| language | requests | transferred (compressed, headers included) | index.<language>.html (uncompressed → gzip) | first contentful paint, median (min–max) | own cost above the one-line page | goals |",
    "|---|---:|---:|---:|---:|---:|---|",
    ...rows,
    "",
    `The one-line page, alternating with them: ${baseline.toFixed(0)} ms (median of ${LOADS}). It is what this machine needs to show anything: the rest is the page's own cost. ${fonts} The machine's two cores are shared with the other benchmarks and processes (5-minute load average at the end of this run: ${machineLoad.toFixed(1)}), so first-render figures vary by tens of milliseconds between runs, and between the languages of one run as much.`,
    "",
  ].join("\n");
}

if (require.main === module) {
  benchStatusPage().then((markdown) => console.log(markdown), (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
