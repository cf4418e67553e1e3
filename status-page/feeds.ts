import type { Incident, PageDefinition, StatusState } from "../core/status-model";
import { escapeXml } from "./escape";
import { FEED_PATHS } from "./html";

// RSS 2.0 and Atom feeds of incidents, one entry per incident, its timeline as the text.

const FEED_LENGTH = 25;

function newest(state: StatusState): Incident[] {
  return [...state.incidents].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1)).slice(0, FEED_LENGTH);
}

function timelineText(incident: Incident): string {
  return [...incident.updates].reverse().map((update) => `${update.createdAt} ${update.status}: ${update.body}`).join("\n");
}

function link(page: PageDefinition, path: string): string {
  return `${page.url.replace(/\/$/, "")}/${path}`;
}

export function renderRss(page: PageDefinition, state: StatusState): string {
  const items = newest(state)
    .map((incident) => `<item><title>${escapeXml(incident.name)}</title><link>${escapeXml(link(page, `history.html#${incident.id}`))}</link><guid isPermaLink="false">${escapeXml(incident.id)}</guid><pubDate>${new Date(incident.updatedAt).toUTCString()}</pubDate><description>${escapeXml(timelineText(incident))}</description></item>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${escapeXml(page.title)} incidents</title><link>${escapeXml(page.url)}</link><description>${escapeXml(page.title)} status history</description><lastBuildDate>${new Date(state.updatedAt).toUTCString()}</lastBuildDate>
${items}
</channel></rss>
`;
}

export function renderAtom(page: PageDefinition, state: StatusState): string {
  const entries = newest(state)
    .map((incident) => `<entry><id>tag:${escapeXml(new URL(page.url).host)},2026:${escapeXml(incident.id)}</id><title>${escapeXml(incident.name)}</title><link href="${escapeXml(link(page, `history.html#${incident.id}`))}"/><published>${incident.createdAt}</published><updated>${incident.updatedAt}</updated><content type="text">${escapeXml(timelineText(incident))}</content></entry>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>${escapeXml(page.url)}</id><title>${escapeXml(page.title)} incidents</title><updated>${state.updatedAt}</updated><link rel="self" href="${escapeXml(link(page, FEED_PATHS.atom))}"/><link href="${escapeXml(page.url)}"/><author><name>${escapeXml(page.title)}</name></author>
${entries}
</feed>
`;
}
