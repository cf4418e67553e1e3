// The key-based redaction rules, shared by the Sentry relay (exporter/relay/scrub.ts) and the
// log shipper's filter (synth/logs/redaction-lua.ts): a value under a sensitive key becomes
// FILTERED, a value under a safe key is left whole. Modelled on Sentry Relay's defaults
// (https://docs.sentry.io/security-legal-pii/scrubbing/server-side-scrubbing/).

/** What a value under a sensitive key becomes. */
export const FILTERED = "[Filtered]";

/** Relay's default sensitive keys, matched as substrings of the normalized key ("x-api-key" too). */
export const SENSITIVE_KEY_PARTS: readonly string[] = [
  "password", "passwd", "secret", "api_key", "apikey", "auth", "credentials", "mysql_pwd",
  "privatekey", "private_key", "token", "sessionid", "session_id", "session_key", "csrf", "xsrf",
];

/** Keys whose values are never scrubbed (exact, normalized): what Sentry needs to group and symbolicate, and the user agent. */
export const SAFE_KEYS: readonly string[] = [
  "user_agent", "release", "dist", "version", "sdk", "filename", "abs_path", "module", "function",
  "lineno", "colno", "in_app", "platform", "event_id", "trace_id", "span_id", "parent_span_id",
  "environment", "level", "logger", "type", "timestamp", "start_timestamp", "mechanism",
];

/** Request headers (normalized) that carry the client's cookies. */
export const COOKIE_HEADERS: readonly string[] = ["cookie", "set_cookie"];
/** Request headers (normalized) that carry the client's credentials. */
export const AUTHORIZATION_HEADERS: readonly string[] = ["authorization", "proxy_authorization"];

/**
 * The form keys are compared in: lower case, dashes and spaces as underscores, so that
 * "X-Api-Key", "x api key" and "x_api_key" are one key.
 */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[- ]/g, "_");
}
