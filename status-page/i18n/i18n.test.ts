import { describe, expect, it } from "vitest";
import { PAGE_LANGUAGES } from "../../core/page-languages";
import type { Incident } from "../../core/status-model";
import { TEST_PAGE } from "../../test/support/status-page";
import { formatTime, formatUptimeFigure, generatedText, incidentName, MESSAGES, updateBody } from ".";
import type { Template } from "./messages";

/** Every leaf of a dictionary as [dotted key, text]. */
function leaves(value: unknown, prefix = ""): Array<[string, string]> {
  if (typeof value === "string") return [[prefix, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("the dictionaries", () => {
  const english = new Map(leaves(MESSAGES.en));

  it.each(PAGE_LANGUAGES.filter((language) => language !== "en"))("%s has exactly English's keys, none empty", (language) => {
    const keys = leaves(MESSAGES[language]);
    expect(keys.map(([key]) => key).sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of keys) expect(text.trim(), key).not.toBe("");
  });

  it.each(PAGE_LANGUAGES)("%s's templates have exactly English's placeholders", (language) => {
    for (const [key, text] of leaves(MESSAGES[language])) expect(placeholders(text), key).toEqual(placeholders(english.get(key) ?? ""));
  });

  it("are typed so that a template without its placeholder does not compile", () => {
    // @ts-expect-error the {figure} placeholder is missing
    const broken: Template<"figure"> = "uptime";
    const fine: Template<"figure"> = "{figure} uptime";
    expect([broken, fine]).toHaveLength(2);
  });

  it("has each language's own words, not English left untranslated", () => {
    for (const language of PAGE_LANGUAGES.filter((other) => other !== "en")) {
      const same = leaves(MESSAGES[language]).filter(([key, text]) => text === english.get(key) && /\p{L}{3}/u.test(text.replace(/\{\w+\}/g, "")));
      // Only the names that stay English everywhere.
      expect(same.map(([key]) => key), language).toEqual(language.startsWith("zh") || language === "ko" ? ["page.jsonApi"] : []);
    }
  });
});

describe("the text vigil writes", () => {
  const page = { ...TEST_PAGE, components: [...TEST_PAGE.components, { id: "db", name: "Database", description: "" }] };

  it("names components as people wrote them, listed as each language lists", () => {
    const text = { kind: "alertInvestigating" as const, components: ["shop", "db"] };
    expect(generatedText(text, page, "en")).toBe("We are investigating problems with Shop and Database.");
    expect(generatedText(text, page, "es")).toBe("Estamos investigando problemas con Shop y Database.");
    expect(generatedText(text, page, "zh-CN")).toBe("我们正在调查 Shop和Database 出现的问题。");
    expect(generatedText({ kind: "alertIncidentName", components: ["gone"] }, page, "en")).toBe("Problems with gone");
  });

  it("says each kind in English as the Statuspage JSON carries it", () => {
    expect(generatedText({ kind: "alertIncidentName", components: ["shop"] }, page, "en")).toBe("Problems with Shop");
    expect(generatedText({ kind: "alertReturned" }, page, "en")).toBe("The problem has returned. We are investigating.");
    expect(generatedText({ kind: "alertResolved" }, page, "en")).toBe("This incident has been resolved.");
    expect(generatedText({ kind: "impactRaised", status: "partial_outage", components: ["shop"] }, page, "en")).toBe("Impact on Shop raised to partial outage.");
    expect(generatedText({ kind: "impactLowered", status: "degraded_performance", components: ["shop"] }, page, "pt")).toBe("O impacto em Shop diminuiu para desempenho degradado.");
    expect(generatedText({ kind: "impactRaised", status: "major_outage", components: ["shop"] }, page, "ko")).toBe("Shop의 영향 수준이 높아졌습니다: 주요 장애.");
  });

  it("is used for an incident's name and update only when vigil wrote them", () => {
    const incident: Pick<Incident, "name" | "generatedName"> = { name: "Problems with Shop", generatedName: { kind: "alertIncidentName", components: ["shop"] } };
    expect(incidentName(incident, page, "zh-TW")).toBe("Shop 發生問題");
    expect(incidentName({ name: "Checkout errors" }, page, "zh-TW")).toBe("Checkout errors");
    expect(updateBody({ body: "Rolling back.", generated: { kind: "alertResolved" } }, page, "es")).toBe("Este incidente se ha resuelto.");
    expect(updateBody({ body: "Rolling back." }, page, "es")).toBe("Rolling back.");
  });
});

describe("dates and numbers", () => {
  it("are each language's, in UTC with the zone stated, 24-hour", () => {
    const time = "2026-11-22T15:05:00Z";
    expect(formatTime(time, "en")).toBe("Nov 22, 2026, 15:05 UTC");
    expect(formatTime(time, "es")).toBe("22 nov 2026, 15:05 UTC");
    expect(formatTime(time, "ko")).toBe("2026년 11월 22일 15:05 UTC");
    for (const language of PAGE_LANGUAGES) expect(formatTime(time, language)).toMatch(/15:05/);
  });

  it("floor uptime to two decimals of a percent, so a bad minute never reads 100%", () => {
    expect(formatUptimeFigure(0.99999, "en")).toBe("99.99%");
    expect(formatUptimeFigure(0.99999, "es")).toBe("99,99\u00a0%");
    expect(formatUptimeFigure(1, "pt")).toBe("100,00%");
  });
});
