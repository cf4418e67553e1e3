import { PAGE_LANGUAGES, type PageLanguage } from "../../core/page-languages";
import type { PageDefinition, StatusState } from "../../core/status-model";
import { MESSAGES } from "../../status-page/i18n";

// What a visitor reads of a rendered page, and which dictionary words in it belong to another
// language: the checks that no page mixes two languages.

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const decode = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);

/**
 * The page's human text: text nodes and the attributes people read (title, aria-label), one
 * line each; never the markup (class names), the style or the script (its words are its
 * language's by construction, and its keys are enum values).
 */
export function visibleText(html: string): string {
  const withoutCode = html.replace(/<script>[\s\S]*?<\/script>/g, "").replace(/<style>[\s\S]*?<\/style>/g, "");
  const attributes = [...withoutCode.matchAll(/\s(?:title|aria-label)="([^"]*)"/g)].map((match) => match[1] ?? "");
  const text = withoutCode.replace(/<[^>]*>/g, "\n");
  return [...attributes, ...text.split("\n")].map((line) => decode(line).trim()).filter(Boolean).join("\n");
}

/** Text people wrote, which the page shows as written whatever its language. */
export function peopleText(page: PageDefinition, state: StatusState): string[] {
  return [
    page.title,
    ...page.components.flatMap((component) => [component.name, component.description, component.group ?? ""]),
    ...state.incidents.flatMap((incident) => [incident.generatedName ? "" : incident.name, ...incident.updates.map((update) => (update.generated ? "" : update.body))]),
    ...state.maintenances.flatMap((maintenance) => [maintenance.name, maintenance.body]),
  ].filter((text) => text.length > 0);
}

/** Every leaf of a dictionary as [dotted key, text]. */
export function dictionaryEntries(language: PageLanguage): Array<[string, string]> {
  const walk = (value: unknown, prefix: string): Array<[string, string]> =>
    typeof value === "string" ? [[prefix, value]] : Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => walk(child, prefix ? `${prefix}.${key}` : key));
  return walk(MESSAGES[language], "");
}

/** A template's fixed parts that carry words (placeholders and bare punctuation dropped). */
export function fixedParts(template: string): string[] {
  return template
    .split(/\{\w+\}/)
    .map((part) => part.trim())
    .filter((part) => /\p{L}/u.test(part));
}

const LATIN = /\p{Script=Latin}/u;
const LETTER = /\p{L}/u;

/** Whether `part` occurs in `text` as whole words where it is Latin (Han and Hangul need no spaces). */
export function occurs(text: string, part: string): boolean {
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
    const before = text[at - 1] ?? " ";
    const after = text[at + part.length] ?? " ";
    const startsClean = !LATIN.test(part[0] ?? "") || !LETTER.test(before);
    const endsClean = !LATIN.test(part.at(-1) ?? "") || !LETTER.test(after);
    if (startsClean && endsClean) return true;
  }
  return false;
}

/**
 * Words of another language's dictionary found in `text` (of a page in `language`): a fixed
 * part of another language's text for a key, unless `language`'s own text for that key has it
 * too (es and pt share "Investigando"; zh-CN and zh-TW share "可用率").
 */
export function foreignWords(text: string, language: PageLanguage): string[] {
  const own = new Map(dictionaryEntries(language));
  const found: string[] = [];
  for (const other of PAGE_LANGUAGES.filter((candidate) => candidate !== language)) {
    for (const [key, template] of dictionaryEntries(other)) {
      for (const part of fixedParts(template)) {
        if ((own.get(key) ?? "").includes(part)) continue;
        if (occurs(text, part)) found.push(`${other} ${key}: ${part}`);
      }
    }
  }
  return found;
}

/** `text` without any of `strings` (longest first, so a name inside another goes with it). */
export function without(text: string, strings: string[]): string {
  return [...strings].sort((a, b) => b.length - a.length).reduce((rest, string) => rest.split(string).join("\n"), text);
}
