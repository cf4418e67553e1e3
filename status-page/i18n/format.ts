import type { PageLanguage } from "../../core/page-languages";

// Dates, numbers and lists as each language writes them, through Intl (Node and the browser
// both carry full ICU). Formatters are built once per language: building one costs far more
// than using it, and a page formats hundreds of dates (one per uptime bar).

/**
 * A time with its zone, always UTC (visitors live everywhere), 24-hour in every language.
 * The client script formats with the same options, so a refreshed time reads like the
 * published one.
 */
export const TIME_FORMAT: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC", timeZoneName: "short" };
const DAY_FORMAT: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" };
const MONTH_FORMAT: Intl.DateTimeFormatOptions = { year: "numeric", month: "long", timeZone: "UTC" };

function cachedPerLanguage<T>(make: (language: PageLanguage) => T): (language: PageLanguage) => T {
  const cache = new Map<PageLanguage, T>();
  return (language) => {
    let value = cache.get(language);
    if (value === undefined) {
      value = make(language);
      cache.set(language, value);
    }
    return value;
  };
}

const timeFormat = cachedPerLanguage((language) => new Intl.DateTimeFormat(language, TIME_FORMAT));
const dayFormat = cachedPerLanguage((language) => new Intl.DateTimeFormat(language, DAY_FORMAT));
const monthFormat = cachedPerLanguage((language) => new Intl.DateTimeFormat(language, MONTH_FORMAT));
const percentFormat = cachedPerLanguage((language) => new Intl.NumberFormat(language, { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const daysFormat = cachedPerLanguage((language) => new Intl.NumberFormat(language, { style: "unit", unit: "day", unitDisplay: "long" }));
const daysAgoFormat = cachedPerLanguage((language) => new Intl.RelativeTimeFormat(language, { numeric: "always" }));
const listFormat = cachedPerLanguage((language) => new Intl.ListFormat(language, { type: "conjunction" }));

/** "Nov 22, 2026, 10:05 UTC", "22 nov 2026, 10:05 UTC", "2026年11月22日 UTC 10:05", … */
export function formatTime(iso: string, language: PageLanguage): string {
  return timeFormat(language).format(new Date(iso));
}

/** A UTC day (YYYY-MM-DD or any ISO time in it). */
export function formatDay(isoDate: string, language: PageLanguage): string {
  return dayFormat(language).format(new Date(isoDate));
}

/** The month an ISO time falls in (UTC): "November 2026", "noviembre de 2026", "2026년 11월". */
export function formatMonth(iso: string, language: PageLanguage): string {
  return monthFormat(language).format(new Date(iso));
}

/** An uptime fraction, floored to two decimals of a percent so a bad minute never shows 100%. */
export function formatUptimeFigure(uptime: number, language: PageLanguage): string {
  return percentFormat(language).format(Math.floor(uptime * 10_000) / 10_000);
}

/** "90 days", "90 días", "90天", "90일": the language's plural and unit. */
export function formatDays(days: number, language: PageLanguage): string {
  return daysFormat(language).format(days);
}

/** "90 days ago", "hace 90 días", "90일 전". */
export function formatDaysAgo(days: number, language: PageLanguage): string {
  return daysAgoFormat(language).format(-days, "day");
}

/** "Shop, API, and Email", "Shop, API y Email", "Shop、API和Email". */
export function formatList(items: string[], language: PageLanguage): string {
  return listFormat(language).format(items);
}
