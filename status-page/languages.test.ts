import { describe, expect, it } from "vitest";
import { PAGE_LANGUAGES, type PageLanguage } from "../core/page-languages";
import type { GeneratedText } from "../core/status-model";
import { dictionaryEntries, fixedParts, foreignWords, occurs, peopleText, visibleText, without } from "../test/support/page-text";
import { at, TEST_PAGE } from "../test/support/status-page";
import { busyState } from "../test/support/status-site";
import { renderAtom, renderRss } from "./feeds";
import { renderHistoryPage, renderStatusPage } from "./html";
import { formatMonth, formatTime, generatedText } from "./i18n";

// No page mixes two languages: a page in one language shows none of another language's
// words, and all of its own that its content calls for. The busy fixture has every kind of
// text vigil writes, a person's words, maintenance and a day without data.

const NOW = at("2026-11-22T10:00:00Z");
const STATE = busyState(NOW);
const PEOPLE = peopleText(TEST_PAGE, STATE);

/** The dictionary keys whose words the status page must show with this fixture. */
const STATUS_PAGE_KEYS = [
  "indicator.critical",
  "componentStatus.major_outage",
  "componentStatus.operational",
  "incidentStatus.investigating",
  "incidentStatus.identified",
  "maintenanceStatus.scheduled",
  "page.skipToContent",
  "page.languages",
  "page.statusTitle",
  "page.updated",
  "page.activeIncidents",
  "page.scheduledMaintenance",
  "page.affects",
  "page.components",
  "page.uptimeSummary",
  "page.uptimeFigure",
  "page.dayUptime",
  "page.noData",
  "page.today",
  "page.incidentHistory",
  "page.timesInUtc",
  "page.jsonApi",
  "feed.title",
];
const HISTORY_PAGE_KEYS = [
  "incidentStatus.investigating",
  "incidentStatus.identified",
  "incidentStatus.resolved",
  "page.skipToContent",
  "page.languages",
  "page.historyTitle",
  "page.incidentHistory",
  "page.timesInUtc",
  "page.jsonApi",
  "feed.title",
];
const OPEN_TEXTS: GeneratedText[] = [
  { kind: "alertIncidentName", components: ["shop"] },
  { kind: "alertInvestigating", components: ["shop"] },
  { kind: "impactRaised", status: "major_outage", components: ["shop"] },
];
const HISTORY_TEXTS: GeneratedText[] = [
  ...OPEN_TEXTS,
  { kind: "alertIncidentName", components: ["api"] },
  { kind: "alertInvestigating", components: ["api"] },
  { kind: "impactLowered", status: "degraded_performance", components: ["api"] },
  { kind: "alertReturned" },
  { kind: "alertResolved" },
];

function missingWords(text: string, language: PageLanguage, keys: string[], generated: GeneratedText[]): string[] {
  const entries = new Map(dictionaryEntries(language));
  const missingKeys = keys.filter((key) => !fixedParts(entries.get(key) ?? `{missing key ${key}}`).every((part) => occurs(text, part)));
  const missingTexts = generated.map((item) => generatedText(item, TEST_PAGE, language)).filter((said) => !text.includes(said));
  return [...missingKeys, ...missingTexts];
}

/** Each <time>'s text is its instant as the language writes it. */
function timesAreIn(html: string, language: PageLanguage): void {
  const times = [...html.matchAll(/<time datetime="([^"]+)">([^<]*)<\/time>/g)];
  expect(times.length).toBeGreaterThan(0);
  for (const [, iso = "", shown] of times) expect(shown).toBe(formatTime(iso, language));
}

describe.each(PAGE_LANGUAGES)("the pages in %s", (language) => {
  const statusPage = renderStatusPage(TEST_PAGE, STATE, NOW, language);
  const historyPage = renderHistoryPage(TEST_PAGE, STATE, language);

  it("say which language they are in", () => {
    for (const html of [statusPage, historyPage]) expect(html).toContain(`<html lang="${language}">`);
  });

  it("the status page shows no other language's words, and all of its own it should", () => {
    // People's words are theirs (in any language); the page's own are checked on all of it.
    expect(foreignWords(without(visibleText(statusPage), PEOPLE), language)).toEqual([]);
    expect(missingWords(visibleText(statusPage), language, STATUS_PAGE_KEYS, OPEN_TEXTS)).toEqual([]);
    timesAreIn(statusPage, language);
  });

  it("the history page shows no other language's words, and all of its own it should", () => {
    const text = visibleText(historyPage);
    expect(foreignWords(without(text, PEOPLE), language)).toEqual([]);
    expect(missingWords(text, language, HISTORY_PAGE_KEYS, HISTORY_TEXTS)).toEqual([]);
    expect(text).toContain(formatMonth("2026-11-01T00:00:00Z", language));
    timesAreIn(historyPage, language);
  });

  it("the feeds speak it too", () => {
    for (const feed of [renderRss(TEST_PAGE, STATE, language), renderAtom(TEST_PAGE, STATE, language)]) {
      const text = visibleText(feed);
      expect(foreignWords(without(text, PEOPLE), language)).toEqual([]);
      expect(missingWords(text, language, ["feed.title", "incidentStatus.resolved"], HISTORY_TEXTS)).toEqual([]);
    }
  });
});

describe("the mixing check itself", () => {
  it("finds an English word left on a Spanish page, and a Simplified one on a Traditional page", () => {
    expect(foreignWords("Todos los sistemas operativos\nIncident history", "es")).toEqual(["en page.incidentHistory: Incident history"]);
    expect(foreignWords("所有系統運作正常\n维护中", "zh-TW")).toContain("zh-CN componentStatus.under_maintenance: 维护中");
  });

  it("does not count a word inside a longer one, nor words both languages share", () => {
    expect(foreignWords("99,99 % de disponibilidad\nInvestigando", "es")).toEqual([]);
    expect(foreignWords("99,99% de disponibilidade", "pt")).toEqual([]);
  });
});
