import { describe, expect, it } from "vitest";
import { PAGE_LANGUAGES } from "../core/page-languages";
import { emptyState } from "../core/status-model";
import { at, TEST_PAGE } from "../test/support/status-page";
import { clientScript } from "./client-script";
import { cspHash, escapeHtml } from "./escape";
import { renderAtom, renderRss } from "./feeds";
import { contentSecurityPolicy, renderHistoryPage, renderStatusPage } from "./html";
import { openIncident, updateIncident } from "./incidents";
import { IMMUTABLE_CACHE_CONTROL, LIVE_CACHE_CONTROL, LIVE_FILE_PATHS, siteFiles, STATE_MIRROR_KEY, staticAssets } from "./site";
import { STYLE } from "./style";

const NOW = at("2026-11-22T10:00:00Z");
const HOSTILE = `<img src=x onerror="alert(1)">&'`;

describe("the status page HTML", () => {
  it("says all systems operational, with every component, its status words and a zone on every time", () => {
    const html = renderStatusPage(TEST_PAGE, emptyState(NOW), NOW);
    expect(html).toContain('<h2 id="overall-text">All Systems Operational</h2>');
    expect(html.match(/class="st s-operational">Operational</g)).toHaveLength(4);
    expect(html).toContain('<section id="incidents" aria-labelledby="incidents-heading" hidden>');
    for (const time of html.match(/<time [^>]*>[^<]*<\/time>/g) ?? []) expect(time).toMatch(/, \d\d:\d\d UTC<\/time>$/);
  });

  it("shows an open incident's timeline, newest first, with its text escaped", () => {
    let [state, incident] = openIncident(emptyState(NOW), { name: HOSTILE, body: HOSTILE, components: { shop: "major_outage" } }, NOW);
    [state] = updateIncident(state, incident.id, { status: "identified", body: "Found it" }, at("2026-11-22T10:05:00Z"));
    const html = renderStatusPage(TEST_PAGE, state, NOW);
    expect(html).not.toContain("<img");
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html.indexOf("<strong>Identified</strong>")).toBeLessThan(html.indexOf("<strong>Investigating</strong>"));
    expect(html).toContain('class="st s-major_outage">Major outage<');
    expect(html).toContain('<h2 id="overall-text">Major System Outage</h2>');
  });

  it("allows its inline style and script by hash in the CSP, never 'unsafe-inline'", () => {
    const html = renderStatusPage(TEST_PAGE, emptyState(NOW), NOW);
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? "";
    expect(policy).toBe(contentSecurityPolicy(clientScript("en")));
    expect(policy).toContain(`script-src ${cspHash(clientScript("en"))}`);
    expect(policy).toContain(`style-src ${cspHash(STYLE)}`);
    expect(policy).not.toContain("unsafe-inline");
    expect(html).toContain(`<script>${clientScript("en")}</script>`);
    expect(html).toContain(`<style>${STYLE}</style>`);
    expect(html).not.toMatch(/ style="/);
  });

  it("renders the history page and both feeds with hostile text escaped", () => {
    const [state] = openIncident(emptyState(NOW), { name: HOSTILE, body: "x", components: {} }, NOW);
    expect(renderHistoryPage(TEST_PAGE, state)).toContain(`<h2>November 2026</h2>`);
    expect(renderHistoryPage(TEST_PAGE, state)).not.toContain("<img");
    for (const feed of [renderRss(TEST_PAGE, state), renderAtom(TEST_PAGE, state)]) {
      expect(feed).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;");
      expect(feed).not.toContain("<img");
    }
  });
});

describe("the site files", () => {
  it("publishes HTML, feeds and JSON with a short cache, HTML last", () => {
    const files = siteFiles(TEST_PAGE, emptyState(NOW), NOW);
    expect(files.at(-1)?.path).toBe("index.html");
    expect(files.map((file) => file.path)).toEqual(expect.arrayContaining(["history.html", "history.rss", "history.atom", "api/v2/summary.json"]));
    for (const file of files) expect(file.cacheControl).toBe(LIVE_CACHE_CONTROL);
    expect(IMMUTABLE_CACHE_CONTROL).toContain("immutable");
  });

  it("publishes every language under its own name and the default one under the plain names too, all listed as live files", () => {
    const files = siteFiles({ ...TEST_PAGE, language: "ko" }, emptyState(NOW), NOW);
    const byPath = new Map(files.map((file) => [file.path, file.content]));
    for (const language of PAGE_LANGUAGES) {
      expect(byPath.get(`index.${language}.html`)).toContain(`<html lang="${language}">`);
      expect(byPath.get(`history.${language}.html`)).toContain(`<html lang="${language}">`);
      expect(byPath.get(`history.${language}.rss`)).toContain(`<language>${language}</language>`);
      expect(byPath.get(`history.${language}.atom`)).toContain(`xml:lang="${language}"`);
      expect(byPath.get(`api/v2/summary.${language}.json`)).toContain('"status":{"indicator":"none"');
    }
    for (const [plain, copy] of [["index.html", "index.ko.html"], ["history.html", "history.ko.html"], ["history.rss", "history.ko.rss"], ["history.atom", "history.ko.atom"], ["api/v2/summary.json", "api/v2/summary.ko.json"]] as const) {
      expect(byPath.get(plain), plain).toBe(byPath.get(copy));
    }
    expect(JSON.parse(byPath.get("api/v2/summary.json") ?? "{}").status).toEqual({ indicator: "none", description: "모든 시스템 정상 작동 중" });
    expect([...byPath.keys(), STATE_MIRROR_KEY].sort()).toEqual([...LIVE_FILE_PATHS].sort());
  });

  it("links each page to the same page in every language, with plain links and hreflang alternates", () => {
    const html = renderStatusPage(TEST_PAGE, emptyState(NOW), NOW, "es");
    expect(html).toContain('<link rel="alternate" hreflang="zh-TW" href="https://status.shop.example.com/index.zh-TW.html">');
    expect(html).toContain('<link rel="alternate" hreflang="x-default" href="https://status.shop.example.com/index.html">');
    expect(html).toContain('<a href="index.es.html" hreflang="es" lang="es" aria-current="page">Español</a>');
    expect(html).toContain('<a href="index.ko.html" hreflang="ko" lang="ko">한국어</a>');
    expect(html).toContain('<a href="history.es.html">Historial de incidentes</a>');
    expect(html).toContain('href="history.es.rss"');
    expect(html).toContain(`<script>${clientScript("es")}</script>`);
    expect(clientScript("es")).toContain('fetch("api/v2/summary.es.json"');
    expect(clientScript("es")).toContain('"major_outage":"Interrupción grave"');
    const history = renderHistoryPage(TEST_PAGE, emptyState(NOW), "pt");
    expect(history).toContain('<a href="history.ko.html" hreflang="ko" lang="ko">한국어</a>');
    expect(history).toContain('<p class="muted">Nenhum incidente registrado.</p>');
    expect(history).not.toContain("<script>");
  });

  it("renders the same bytes for the same state and time", () => {
    expect(siteFiles(TEST_PAGE, emptyState(NOW), NOW)).toEqual(siteFiles(TEST_PAGE, emptyState(NOW), NOW));
  });

  it("lists the static 404 page for the Pulumi program, with the title escaped", () => {
    const [notFound] = staticAssets(HOSTILE);
    expect(notFound).toMatchObject({ path: "404.html", contentType: "text/html; charset=utf-8" });
    expect(notFound?.content).not.toContain("<img");
    // It cannot know the visitor's language: it says so in each, marked, linking to each page.
    expect(notFound?.content).toContain('<li lang="ko">페이지를 찾을 수 없습니다. <a href="/index.ko.html">상태 페이지로 이동</a> (한국어)</li>');
  });
});
