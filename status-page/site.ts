import { PAGE_LANGUAGES, type PageLanguage } from "../core/page-languages";
import type { PageDefinition, StatusState } from "../core/status-model";
import { escapeHtml } from "./escape";
import { renderAtom, renderRss } from "./feeds";
import { contentSecurityPolicy, renderHistoryPage, renderStatusPage } from "./html";
import { LANGUAGE_NAMES, messagesFor } from "./i18n";
import { everyLanguage, FEED_PATHS, HTML_PATHS, localizedPath, summaryPath } from "./paths";
import { API_PATHS, apiDocuments, localizedSummaries } from "./statuspage-api";

export { FEED_PATHS, HTML_PATHS, localizedPath } from "./paths";

// Every file of the site as the publisher uploads it. Live files change with each publish,
// so browsers and the CDN keep them briefly; nothing here is content-hashed today (CSS and
// script are inlined), but a hashed file would be cached for a year as immutable.

export interface SiteFile {
  /** Key under the bucket's root, e.g. "index.html", "api/v2/summary.json". */
  path: string;
  content: string;
  contentType: string;
  cacheControl: string;
}

/** Live HTML and JSON: a minute at the CDN and in browsers, so an incident shows within a minute. */
export const LIVE_CACHE_CONTROL = "public, max-age=60, must-revalidate";
/** A file whose name carries its content's hash never changes. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";
/** Static files the Pulumi program uploads (404 page): an hour. */
export const STATIC_CACHE_CONTROL = "public, max-age=3600";

const HTML = "text/html; charset=utf-8";

/** Key of the exporter's state mirror; private, beside the public site. */
export const STATE_MIRROR_KEY = "_vigil/status-state.json";

/**
 * Every path the exporter writes (siteFiles below, plus the state mirror, private): the
 * Pulumi program must never manage one, or a `pulumi up` would overwrite the live page.
 */
export const LIVE_FILE_PATHS: readonly string[] = [
  ...Object.values(API_PATHS),
  ...PAGE_LANGUAGES.map(summaryPath),
  ...Object.values(FEED_PATHS),
  ...everyLanguage(Object.values(FEED_PATHS)),
  ...Object.values(HTML_PATHS),
  ...everyLanguage(Object.values(HTML_PATHS)),
  STATE_MIRROR_KEY,
];

const RSS = "application/rss+xml; charset=utf-8";
const ATOM = "application/atom+xml; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";

/**
 * The live files of one publish: the Statuspage JSON, and per language the script's summary,
 * the feeds and the HTML snapshots; the default language also under the plain names.
 */
export function siteFiles(page: PageDefinition, state: StatusState, now: Date): SiteFile[] {
  const live = (path: string, content: string, contentType: string): SiteFile => ({ path, content, contentType, cacheControl: LIVE_CACHE_CONTROL });
  const json = (documents: Record<string, unknown>) => Object.entries(documents).map(([path, document]) => live(path, `${JSON.stringify(document)}\n`, JSON_TYPE));
  const inLanguage = (language: PageLanguage) => ({
    rss: renderRss(page, state, language),
    atom: renderAtom(page, state, language),
    history: renderHistoryPage(page, state, language),
    index: renderStatusPage(page, state, now, language),
  });
  const rendered = PAGE_LANGUAGES.map((language) => ({ language, files: inLanguage(language) }));
  const pages = (kind: "history" | "index") => rendered.map(({ language, files }) => live(localizedPath(HTML_PATHS[kind], language), files[kind], HTML));
  const plain = rendered.find(({ language }) => language === page.language)?.files ?? inLanguage(page.language);
  return [
    // JSON first: a visitor whose script refreshes the new HTML finds the new JSON.
    ...json(apiDocuments(page, state, now)),
    ...json(localizedSummaries(page, state, now)),
    ...rendered.flatMap(({ language, files }) => [live(localizedPath(FEED_PATHS.rss, language), files.rss, RSS), live(localizedPath(FEED_PATHS.atom, language), files.atom, ATOM)]),
    live(FEED_PATHS.rss, plain.rss, RSS),
    live(FEED_PATHS.atom, plain.atom, ATOM),
    // History before the status pages, which link to it; the plain index.html last of all.
    ...pages("history"),
    live(HTML_PATHS.history, plain.history, HTML),
    ...pages("index"),
    live(HTML_PATHS.index, plain.index, HTML),
  ];
}

/**
 * What the Pulumi program uploads once (it never manages the live files above): the error
 * document the bucket serves for unknown paths. It does not know the visitor's language, so
 * it says "not found" in each, every line marked with its language and linking to that
 * language's page. Pure, so the infra side and its tests can call it.
 */
export function staticAssets(title: string): SiteFile[] {
  const lines = PAGE_LANGUAGES.map((language) => {
    const { notFound, goToStatusPage } = messagesFor(language).page;
    return `<li lang="${language}">${escapeHtml(notFound)} <a href="/${localizedPath(HTML_PATHS.index, language)}">${escapeHtml(goToStatusPage)}</a> (${escapeHtml(LANGUAGE_NAMES[language])})</li>`;
  });
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(undefined)}"><title>404 · ${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><ul>${lines.join("")}</ul></main></body></html>\n`;
  return [{ path: "404.html", content: body, contentType: HTML, cacheControl: STATIC_CACHE_CONTROL }];
}
