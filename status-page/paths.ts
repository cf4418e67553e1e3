import { PAGE_LANGUAGES, type PageLanguage } from "../core/page-languages";

// Where each published file lives in the bucket. The CDN serves keys as they are (no language
// negotiation, no directory index), so every language is a file of its own beside the plain
// one, in the same folder: relative links (the JSON, the feeds, the other page) resolve the
// same from each. Every language is always published, the default one included, so a
// language's address never changes and no file goes stale when the default does.

/** The plain names: the stack's default language, at the addresses people already have. */
export const HTML_PATHS = { index: "index.html", history: "history.html" } as const;
export const FEED_PATHS = { rss: "history.rss", atom: "history.atom" } as const;

/** Statuspage's summary; each page's script reads its own language's copy (summaryPath). */
export const SUMMARY_PATH = "api/v2/summary.json";

/** `index.html` in `language`: `index.es.html`; `api/v2/summary.json` → `api/v2/summary.es.json`. */
export function localizedPath(path: string, language: PageLanguage): string {
  const dot = path.lastIndexOf(".");
  return `${path.slice(0, dot)}.${language}${path.slice(dot)}`;
}

/** The summary a page's script refreshes from: the same document, its text in that language. */
export function summaryPath(language: PageLanguage): string {
  return localizedPath(SUMMARY_PATH, language);
}

/** Every language's copy of each path, language by language. */
export function everyLanguage(paths: readonly string[]): string[] {
  return PAGE_LANGUAGES.flatMap((language) => paths.map((path) => localizedPath(path, language)));
}
