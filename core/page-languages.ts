// The languages the public status page is published in. They sit on the ground floor because
// the config schema and the page's model both name them; the words themselves live in
// status-page/i18n/, one file per language.

/** BCP 47 tags, as they appear in `<html lang>`, `hreflang` and the files' names. */
export const PAGE_LANGUAGES = ["en", "es", "pt", "zh-CN", "zh-TW", "ko"] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

export const DEFAULT_PAGE_LANGUAGE: PageLanguage = "en";
