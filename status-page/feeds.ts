import type { PageLanguage } from "../core/page-languages";
import type { Incident, PageDefinition, StatusState } from "../core/status-model";
import { escapeXml } from "./escape";
import { fill, formatTime, incidentName, messagesFor, updateBody } from "./i18n";
import { FEED_PATHS, HTML_PATHS, localizedPath } from "./paths";

// RSS 2.0 and Atom feeds of incidents, one entry per incident, its timeline as the text; one
// pair per language (feed readers cannot negotiate either), each linking to the history page
// in its language.

const FEED_LENGTH = 25;

function newest(state: StatusState): Incident[] {
  return [...state.incidents].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1)).slice(0, FEED_LENGTH);
}

function timelineText(page: PageDefinition, incident: Incident, language: PageLanguage): string {
  const { incidentStatus } = messagesFor(language);
  return [...incident.updates]
    .reverse()
    .map((update) => `${formatTime(update.createdAt, language)} · ${incidentStatus[update.status]}: ${updateBody(update, page, language)}`)
    .join("\n");
}

function link(page: PageDefinition, path: string): string {
  return `${page.url.replace(/\/$/, "")}/${path}`;
}

function entryLink(page: PageDefinition, incident: Incident, language: PageLanguage): string {
  return link(page, `${localizedPath(HTML_PATHS.history, language)}#${incident.id}`);
}

export function renderRss(page: PageDefinition, state: StatusState, language: PageLanguage = page.language): string {
  const { feed } = messagesFor(language);
  const items = newest(state)
    .map((incident) => `<item><title>${escapeXml(incidentName(incident, page, language))}</title><link>${escapeXml(entryLink(page, incident, language))}</link><guid isPermaLink="false">${escapeXml(incident.id)}</guid><pubDate>${new Date(incident.updatedAt).toUTCString()}</pubDate><description>${escapeXml(timelineText(page, incident, language))}</description></item>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${escapeXml(fill(feed.title, { title: page.title }))}</title><link>${escapeXml(link(page, localizedPath(HTML_PATHS.index, language)))}</link><description>${escapeXml(fill(feed.description, { title: page.title }))}</description><language>${language}</language><lastBuildDate>${new Date(state.updatedAt).toUTCString()}</lastBuildDate>
${items}
</channel></rss>
`;
}

export function renderAtom(page: PageDefinition, state: StatusState, language: PageLanguage = page.language): string {
  const { feed } = messagesFor(language);
  // The entry ids stay the same in every language: it is one incident, said six ways.
  const entries = newest(state)
    .map((incident) => `<entry><id>tag:${escapeXml(new URL(page.url).host)},2026:${escapeXml(incident.id)}</id><title>${escapeXml(incidentName(incident, page, language))}</title><link href="${escapeXml(entryLink(page, incident, language))}"/><published>${incident.createdAt}</published><updated>${incident.updatedAt}</updated><content type="text">${escapeXml(timelineText(page, incident, language))}</content></entry>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${language}"><id>${escapeXml(link(page, localizedPath(FEED_PATHS.atom, language)))}</id><title>${escapeXml(fill(feed.title, { title: page.title }))}</title><updated>${state.updatedAt}</updated><link rel="self" href="${escapeXml(link(page, localizedPath(FEED_PATHS.atom, language)))}"/><link href="${escapeXml(link(page, localizedPath(HTML_PATHS.index, language)))}"/><author><name>${escapeXml(page.title)}</name></author>
${entries}
</feed>
`;
}
