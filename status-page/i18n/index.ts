import type { PageLanguage } from "../../core/page-languages";
import type { GeneratedText, Incident, IncidentUpdate, PageDefinition } from "../../core/status-model";
import { en } from "./en";
import { es } from "./es";
import { formatList } from "./format";
import { ko } from "./ko";
import { fill, type Messages } from "./messages";
import { pt } from "./pt";
import { zhCN } from "./zh-CN";
import { zhTW } from "./zh-TW";

// The status page's words in each of its languages. Text people write (incident names and
// updates, component names, the page's title) is shown as written; text vigil writes is kept
// as data (GeneratedText) and said here in the language of the page that shows it.

export { fill, type Messages, type Template } from "./messages";
export * from "./format";

export const MESSAGES: Record<PageLanguage, Messages> = { en, es, pt, "zh-CN": zhCN, "zh-TW": zhTW, ko };

/** Each language's name in itself, for the language switcher (the same on every page). */
export const LANGUAGE_NAMES: Record<PageLanguage, string> = {
  en: "English",
  es: "Español",
  pt: "Português",
  "zh-CN": "简体中文",
  "zh-TW": "繁體中文",
  ko: "한국어",
};

export function messagesFor(language: PageLanguage): Messages {
  return MESSAGES[language];
}

/** Component ids as their names (people's words); an id the page does not define shows as itself. */
function componentNames(ids: string[], page: PageDefinition, language: PageLanguage): string {
  const names = ids.map((id) => page.components.find((component) => component.id === id)?.name ?? id);
  return formatList(names, language);
}

/** What vigil wrote, in `language`. */
export function generatedText(text: GeneratedText, page: PageDefinition, language: PageLanguage): string {
  const { generated, componentStatusInSentence } = messagesFor(language);
  switch (text.kind) {
    case "alertIncidentName":
      return fill(generated.alertIncidentName, { components: componentNames(text.components, page, language) });
    case "alertInvestigating":
      return fill(generated.alertInvestigating, { components: componentNames(text.components, page, language) });
    case "alertReturned":
      return generated.alertReturned;
    case "alertResolved":
      return generated.alertResolved;
    case "impactRaised":
      return fill(generated.impactRaised, { components: componentNames(text.components, page, language), status: componentStatusInSentence[text.status] });
    case "impactLowered":
      return fill(generated.impactLowered, { components: componentNames(text.components, page, language), status: componentStatusInSentence[text.status] });
  }
}

/** The incident's name in `language` when vigil named it, else as its author wrote it. */
export function incidentName(incident: Pick<Incident, "name" | "generatedName">, page: PageDefinition, language: PageLanguage): string {
  return incident.generatedName ? generatedText(incident.generatedName, page, language) : incident.name;
}

/** The update's text in `language` when vigil wrote it, else as its author wrote it. */
export function updateBody(update: Pick<IncidentUpdate, "body" | "generated">, page: PageDefinition, language: PageLanguage): string {
  return update.generated ? generatedText(update.generated, page, language) : update.body;
}
