import axe from "axe-core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAGE_LANGUAGES, type PageLanguage } from "../../core/page-languages";
import { localizedPath, summaryPath } from "../../status-page/paths";
import { HTML_PATHS, siteFiles } from "../../status-page/site";
import { launchChromium } from "../support/chromium";
import { TEST_PAGE } from "../support/status-page";
import { busyState, coldVisit, type GzipSite, serveGzipped } from "../support/status-site";

// Every language's pages as visitors get them: a busy site (incidents, maintenance, history,
// uptime) served gzip-compressed as the CDN serves it, in Chromium. Each status page stays
// within its weight budget, and axe-core finds nothing on the status page or the history
// page, in light and dark mode.

/** The page's budget: itself, its summary, and one spare; 15 KB on the wire. */
const BUDGET = { requests: 3, bytes: 15 * 1024 };
const NOW = new Date("2026-11-22T10:00:00Z");

let site: GzipSite;
let browser: Browser;

beforeAll(async () => {
  site = await serveGzipped(siteFiles(TEST_PAGE, busyState(NOW), NOW));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

interface Violation {
  id: string;
  impact?: string | null;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}

/** axe-core's violations on the page as it is now, one line per element. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(() => {
    const scope = globalThis as unknown as { axe: { run(options: object): Promise<{ violations: Violation[] }> } };
    return scope.axe.run({ resultTypes: ["violations"] }).then((results) => results.violations);
  });
  return violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact ?? "?"}) at ${JSON.stringify(node.target)}: ${node.failureSummary ?? ""}`));
}

async function openPage(language: PageLanguage, kind: keyof typeof HTML_PATHS, colorScheme: "light" | "dark"): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ colorScheme });
  const page = await context.newPage();
  const url = `${site.origin}/${localizedPath(HTML_PATHS[kind], language)}`;
  if (kind === "index") {
    // After the script's first refresh too: what an open tab shows a second later.
    const refreshed = page.waitForEvent("requestfinished", (request) => request.url().endsWith(`/${summaryPath(language)}`));
    await page.goto(url);
    await refreshed;
    await page.evaluate(() => new Promise((resolve) => (globalThis as unknown as { requestAnimationFrame(callback: () => void): void }).requestAnimationFrame(() => resolve(undefined))));
  } else {
    await page.goto(url);
  }
  return { page, close: () => context.close() };
}

describe.each(PAGE_LANGUAGES)("the pages in %s", (language) => {
  it(`load in at most ${BUDGET.requests} requests and ${BUDGET.bytes / 1024} KB`, async () => {
    const visit = await coldVisit(browser, `${site.origin}/${localizedPath(HTML_PATHS.index, language)}`, summaryPath(language));
    expect(visit.urls.map((url) => new URL(url).pathname)).toEqual([`/${localizedPath(HTML_PATHS.index, language)}`, `/${summaryPath(language)}`]);
    expect(visit.urls.length).toBeLessThanOrEqual(BUDGET.requests);
    expect(visit.transferred).toBeLessThanOrEqual(BUDGET.bytes);
  });

  it.each(["light", "dark"] as const)("have no accessibility violations axe-core finds, in %s mode", async (colorScheme) => {
    for (const kind of ["index", "history"] as const) {
      const { page, close } = await openPage(language, kind, colorScheme);
      try {
        expect(await page.getAttribute("html", "lang")).toBe(language);
        expect(await axeViolations(page), `${kind} in ${language}, ${colorScheme}`).toEqual([]);
      } finally {
        await close();
      }
    }
  });
});

describe("the axe-core check itself", () => {
  it("reports what it finds: an image without a text alternative, a low-contrast line", async () => {
    const { page, close } = await openPage("en", "history", "light");
    try {
      await page.evaluate(() => {
        const document = (globalThis as unknown as { document: { createElement(name: string): { src: string; textContent: string; style: { color: string } }; querySelector(selector: string): { append(...nodes: unknown[]): void } } }).document;
        const image = document.createElement("img");
        image.src = "data:,";
        const faint = document.createElement("p");
        faint.textContent = "faint";
        faint.style.color = "#eeeeee";
        document.querySelector("main").append(image, faint);
      });
      const found = await axeViolations(page);
      expect(found.some((line) => line.startsWith("image-alt"))).toBe(true);
      expect(found.some((line) => line.startsWith("color-contrast"))).toBe(true);
    } finally {
      await close();
    }
  });
});

describe("the language switcher", () => {
  it("works without JavaScript: each language's link opens that language's page", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${site.origin}/${HTML_PATHS.index}`);
      // The list opens from its summary (a closed <details>), with no script.
      expect(await page.isVisible('nav.languages a[hreflang="zh-TW"]')).toBe(false);
      await page.click("nav.languages summary");
      await page.click('nav.languages a[hreflang="zh-TW"]');
      expect(await page.getAttribute("html", "lang")).toBe("zh-TW");
      expect(page.url()).toBe(`${site.origin}/index.zh-TW.html`);
      await page.click('footer a[href="history.zh-TW.html"]');
      await page.click("nav.languages summary");
      await page.click('nav.languages a[hreflang="pt"]');
      expect(page.url()).toBe(`${site.origin}/history.pt.html`);
      expect(await page.textContent("main h2")).toBe("Histórico de incidentes");
    } finally {
      await context.close();
    }
  });
});
