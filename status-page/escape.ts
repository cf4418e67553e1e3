import { createHash } from "node:crypto";

// SECURITY: incident names and bodies come from people and alert labels; every piece of
// text that reaches HTML or XML goes through these, so no markup or attribute break-out
// can come in with it.

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** Text for XML (feeds): the same five entities, and control characters XML 1.0 forbids dropped. */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return escapeHtml(text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, ""));
}

/** The CSP source that allows exactly this inline script or style. */
export function cspHash(content: string): string {
  return `'sha256-${createHash("sha256").update(content, "utf8").digest("base64")}'`;
}
