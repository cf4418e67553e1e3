import { AUTHORIZATION_HEADERS, COOKIE_HEADERS, FILTERED, normalizeKey, SAFE_KEYS, SENSITIVE_KEY_PARTS } from "../../core/redaction/keys";
import { scrubString, type PatternRule } from "./patterns";

// PII scrubbing of event and transaction payloads, modelled on Sentry Relay's defaults
// (https://docs.sentry.io/security-legal-pii/scrubbing/server-side-scrubbing/): values under
// sensitive keys become "[Filtered]", known value patterns are replaced wherever they appear,
// cookies and authorization headers go, stack frames lose their local variables, and the
// user's IP address is removed. A pure function of the payload: no I/O, tested by table. The
// key names and value patterns are core/redaction's, shared with the log shipper's filter.

export type ScrubRule =
  | PatternRule
  | "sensitive_key"
  | "custom_key"
  | "cookies"
  | "authorization"
  | "frame_vars"
  | "user_ip"
  | "too_deep";

const COOKIE_HEADER_NAMES: ReadonlySet<string> = new Set(COOKIE_HEADERS);
const AUTHORIZATION_HEADER_NAMES: ReadonlySet<string> = new Set(AUTHORIZATION_HEADERS);

/** Distinct keys whose decision is remembered. */
const KEY_CACHE_SIZE = 4_096;

/** Nesting beyond this is replaced whole: a walk that deep would only serve an attacker. */
const MAX_DEPTH = 64;

export interface ScrubOptions {
  /** Extra sensitive key names (substrings, case-insensitive). */
  sensitiveFields: readonly string[];
  /** Extra key names never scrubbed (exact, case-insensitive). */
  safeFields: readonly string[];
  keepFrameVars: boolean;
}

export type ScrubCounts = Partial<Record<ScrubRule, number>>;

export interface ScrubResult {
  changed: boolean;
  counts: ScrubCounts;
}

/** A scrubber for one configuration; `scrub` mutates the parsed payload in place. */
export class Scrubber {
  private readonly sensitive: readonly string[];
  private readonly custom: readonly string[];
  private readonly safe: ReadonlySet<string>;
  private readonly keepFrameVars: boolean;
  private readonly keyRules = new Map<string, ScrubRule | "safe" | "walk">();

  constructor(options: ScrubOptions) {
    this.sensitive = SENSITIVE_KEY_PARTS;
    this.custom = options.sensitiveFields.map(normalizeKey);
    this.safe = new Set([...SAFE_KEYS, ...options.safeFields.map(normalizeKey)]);
    this.keepFrameVars = options.keepFrameVars;
  }

  scrub(event: Record<string, unknown>): ScrubResult {
    const counts: ScrubCounts = {};
    const hit = (rule: ScrubRule) => {
      counts[rule] = (counts[rule] ?? 0) + 1;
    };
    this.scrubUser(event.user, hit);
    this.scrubRequest(event.request, hit);
    for (const key of Object.keys(event)) {
      event[key] = this.walk(event[key], key, 1, hit);
    }
    return { changed: Object.keys(counts).length > 0, counts };
  }

  /** "sensitive_key", "custom_key", or undefined for a key whose value is walked as usual. */
  private keyRule(key: string): ScrubRule | "safe" | undefined {
    // Events repeat the same few hundred keys; the decision is cached, the cache bounded
    // because keys come from the envelope.
    const cached = this.keyRules.get(key);
    if (cached !== undefined) return cached === "walk" ? undefined : cached;
    const rule = this.decideKeyRule(key);
    if (this.keyRules.size >= KEY_CACHE_SIZE) this.keyRules.clear();
    this.keyRules.set(key, rule ?? "walk");
    return rule;
  }

  private decideKeyRule(key: string): ScrubRule | "safe" | undefined {
    const normalized = normalizeKey(key);
    if (this.safe.has(normalized)) return "safe";
    if (this.custom.some((name) => normalized.includes(name))) return "custom_key";
    if (this.sensitive.some((name) => normalized.includes(name))) return "sensitive_key";
    return undefined;
  }

  private walk(value: unknown, key: string | undefined, depth: number, hit: (rule: ScrubRule) => void): unknown {
    if (value === null || typeof value === "boolean" || typeof value === "number") return value;
    const rule = key === undefined ? undefined : this.keyRule(key);
    // Exempt whole, as Sentry Relay treats safe fields: the value patterns would take a browser
    // version for an IP address and a release (app@4.2.0) for an email.
    if (rule === "safe") return value;
    if (rule !== undefined) {
      hit(rule);
      return FILTERED;
    }
    if (typeof value === "string") return scrubString(value, hit);
    if (depth > MAX_DEPTH) {
      hit("too_deep");
      return FILTERED;
    }
    if (Array.isArray(value)) {
      // Sentry's normalized form of headers, cookies and query strings: [[name, value], …].
      for (let index = 0; index < value.length; index += 1) {
        const element: unknown = value[index];
        // Before the walk: removed variables are not also counted under the patterns they held.
        if (key === "frames") this.dropFrameVars(element, hit);
        if (Array.isArray(element) && element.length === 2 && typeof element[0] === "string") {
          element[1] = this.walk(element[1], element[0], depth + 2, hit);
        } else {
          value[index] = this.walk(element, undefined, depth + 1, hit);
        }
      }
      return value;
    }
    if (typeof value === "object") {
      const record = value as Record<string, unknown>;
      for (const child of Object.keys(record)) record[child] = this.walk(record[child], child, depth + 1, hit);
      return record;
    }
    return value;
  }

  private dropFrameVars(frame: unknown, hit: (rule: ScrubRule) => void): void {
    if (this.keepFrameVars || !isRecord(frame) || !("vars" in frame)) return;
    delete frame.vars;
    hit("frame_vars");
  }

  /** Relay removes the address (Sentry would otherwise store it, or infer one for "{{auto}}"). */
  private scrubUser(user: unknown, hit: (rule: ScrubRule) => void): void {
    if (isRecord(user) && "ip_address" in user) {
      delete user.ip_address;
      hit("user_ip");
    }
  }

  private scrubRequest(request: unknown, hit: (rule: ScrubRule) => void): void {
    if (!isRecord(request)) return;
    if ("cookies" in request) {
      delete request.cookies;
      hit("cookies");
    }
    const headers = request.headers;
    const removedAs = (name: string): ScrubRule | undefined => {
      const normalized = normalizeKey(name);
      if (COOKIE_HEADER_NAMES.has(normalized)) return "cookies";
      if (AUTHORIZATION_HEADER_NAMES.has(normalized)) return "authorization";
      return undefined;
    };
    if (Array.isArray(headers)) {
      request.headers = headers.filter((pair) => {
        const rule = Array.isArray(pair) && typeof pair[0] === "string" ? removedAs(pair[0]) : undefined;
        if (rule) hit(rule);
        return rule === undefined;
      });
    } else if (isRecord(headers)) {
      for (const name of Object.keys(headers)) {
        const rule = removedAs(name);
        if (rule) {
          delete headers[name];
          hit(rule);
        }
      }
    }
    if (typeof request.query_string === "string") {
      request.query_string = this.scrubQueryString(request.query_string, hit);
    }
  }

  /** `a=1&token=x` → `a=1&token=[Filtered]`: the keys decide, as for an object. */
  private scrubQueryString(query: string, hit: (rule: ScrubRule) => void): string {
    return query
      .split("&")
      .map((pair) => {
        const equals = pair.indexOf("=");
        if (equals < 0) return pair;
        const name = safeDecode(pair.slice(0, equals));
        const rule = this.keyRule(name);
        if (rule === "safe" || rule === undefined) return pair;
        hit(rule);
        return `${pair.slice(0, equals)}=${FILTERED}`;
      })
      .join("&");
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
