// The value patterns, shared by the Sentry relay (exporter/relay/patterns.ts) and the log
// shipper's filter (synth/logs/redaction-lua.ts): each is replaced wherever it appears inside a
// string, modelled on Sentry Relay's default PII rules (@bearer, @pemkey, @urlauth, @email,
// @creditcard, @iban, @usssn, @ip).
//
// The shared form: each rule is a regular expression literal, which the relay compiles as it
// is (adding the global flag), and which the Lua renderer parses into a syntax tree for the
// small backtracking matcher of the Lua script, so both sides match the same spans by the same
// rules (JavaScript's backtracking order). The Lua side accepts a subset of the syntax and
// refuses anything else at synth time (synth/logs/regex-subset.ts says which and why):
// literals and the escapes \d \w \s \D \W \S \b, classes with ranges, groups (capturing and
// not), alternation, the quantifiers * + ? {n} {n,} {n,m} and their lazy forms, negative
// lookahead, and negative lookbehind of a fixed width; flags "" or "i".
//
// What a regular expression cannot say is named and implemented on each side: the checksum
// that tells a card number or an IBAN from an id (core/redaction/confirmations.ts here, the
// same arithmetic in Lua), and which addresses are IP addresses. Each rule has cheap clues
// that a string must hold before its expression runs, so most strings cost one search per rule.

export type PatternRule = "bearer" | "pem_key" | "url_credentials" | "email" | "credit_card" | "iban" | "us_ssn" | "ip";

/** A check the expression cannot express, run on each match: false keeps the match as it was. */
export type Confirmation = "card_number" | "iban" | "ip_address";

/** A necessary condition, cheaper than the rule's expression: the string contains this text, or a match of this expression. */
export type Clue = { contains: string } | { matches: RegExp };

/** The replacement, in parts: text, or what the expression's capturing group of that number matched. */
export type ReplacementPart = string | { group: number };

export interface ValuePatternRule {
  rule: PatternRule;
  /** Flags "" or "i" only; the relay adds "g". */
  pattern: RegExp;
  /** Every clue must hold for the pattern to run (on the string as the rules before left it). */
  clues: readonly Clue[];
  confirm?: Confirmation;
  replacement: readonly ReplacementPart[];
}

/** In the order they run: each rule sees the string as the rules before it left it. */
export const VALUE_PATTERN_RULES: readonly ValuePatternRule[] = [
  {
    rule: "pem_key",
    pattern: /-----BEGIN[A-Z ]*PRIVATE KEY-----[\s\S]*?-----END[A-Z ]*PRIVATE KEY-----/,
    clues: [{ contains: "-----BEGIN" }],
    replacement: ["[pemkey]"],
  },
  {
    rule: "bearer",
    pattern: /\bbearer\s+[A-Za-z0-9\-._~+/]+=*/i,
    clues: [{ matches: /bearer/i }],
    replacement: ["Bearer [Filtered]"],
  },
  {
    rule: "url_credentials",
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s:@/]+:[^\s@/]*@/i,
    clues: [{ contains: "://" }, { contains: "@" }],
    replacement: [{ group: 1 }, "[Filtered]@"],
  },
  {
    rule: "email",
    pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/,
    clues: [{ contains: "@" }],
    replacement: ["[email]"],
  },
  {
    rule: "credit_card",
    pattern: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/,
    clues: [{ matches: /\d{4}/ }],
    confirm: "card_number",
    replacement: ["[creditcard]"],
  },
  {
    rule: "iban",
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/,
    clues: [{ matches: /[A-Z]{2}\d{2}/ }],
    confirm: "iban",
    replacement: ["[iban]"],
  },
  {
    rule: "us_ssn",
    pattern: /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/,
    clues: [{ contains: "-" }, { matches: /\d{3}/ }],
    replacement: ["[ssn]"],
  },
  {
    rule: "ip",
    // Not after a letter and a slash: "Chrome/120.0.0.0" is a version, not an address.
    pattern: /(?<![\w.:]|[A-Za-z]\/)(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\w.])/,
    // A dotted quad's "1.2" or an IPv6 address's two colons around hex digits.
    clues: [{ matches: /\d\.\d|:[0-9A-Fa-f]*:/ }],
    confirm: "ip_address",
    replacement: ["[ip]"],
  },
];
