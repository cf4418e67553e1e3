import type { PageDefinition, StatusState } from "../core/status-model";
import { escapeHtml } from "./escape";
import { renderAtom, renderRss } from "./feeds";
import { contentSecurityPolicy, FEED_PATHS, renderHistoryPage, renderStatusPage } from "./html";
import { API_PATHS, apiDocuments } from "./statuspage-api";

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

/** Where the page's HTML snapshots live in the bucket (the exporter writes them on every publish). */
export const HTML_PATHS = { index: "index.html", history: "history.html" } as const;

/**
 * Every path the exporter writes (siteFiles below, plus the state mirror, private): the
 * Pulumi program must never manage one, or a `pulumi up` would overwrite the live page.
 */
export const LIVE_FILE_PATHS: readonly string[] = [
  ...Object.values(API_PATHS),
  FEED_PATHS.rss,
  FEED_PATHS.atom,
  HTML_PATHS.history,
  HTML_PATHS.index,
  STATE_MIRROR_KEY,
];

/** The live files of one publish: the HTML snapshots, the feeds and the Statuspage JSON. */
export function siteFiles(page: PageDefinition, state: StatusState, now: Date): SiteFile[] {
  const live = (path: string, content: string, contentType: string): SiteFile => ({ path, content, contentType, cacheControl: LIVE_CACHE_CONTROL });
  const json = Object.entries(apiDocuments(page, state, now)).map(([path, document]) => live(path, `${JSON.stringify(document)}\n`, "application/json; charset=utf-8"));
  return [
    // JSON first: a visitor whose script refreshes the new HTML finds the new JSON.
    ...json,
    live(FEED_PATHS.rss, renderRss(page, state), "application/rss+xml; charset=utf-8"),
    live(FEED_PATHS.atom, renderAtom(page, state), "application/atom+xml; charset=utf-8"),
    live(HTML_PATHS.history, renderHistoryPage(page, state), HTML),
    live(HTML_PATHS.index, renderStatusPage(page, state, now), HTML),
  ];
}

/**
 * What the Pulumi program uploads once (it never manages the live files above): the error
 * document the bucket serves for unknown paths. Pure, so the infra side and its tests
 * can call it.
 */
export function staticAssets(title: string): SiteFile[] {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(false)}"><title>Not found · ${escapeHtml(title)}</title></head><body><main><h1>Page not found</h1><p><a href="/index.html">${escapeHtml(title)}</a></p></main></body></html>\n`;
  return [{ path: "404.html", content: body, contentType: HTML, cacheControl: STATIC_CACHE_CONTROL }];
}
