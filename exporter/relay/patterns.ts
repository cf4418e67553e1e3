import { isIPv4, isIPv6 } from "node:net";

// Values replaced wherever they appear in a string, modelled on Sentry Relay's default PII
// rules (@bearer, @pemkey, @urlauth, @email, @creditcard, @iban, @usssn, @ip). Each pattern
// has a cheap `mayContain` guard so that most strings cost one includes() per rule, and the
// number-shaped ones (cards, IBANs) are confirmed by their checksum so ids and timestamps stay.

export type PatternRule = "bearer" | "pem_key" | "url_credentials" | "email" | "credit_card" | "iban" | "us_ssn" | "ip";

export interface ValuePattern {
  rule: PatternRule;
  mayContain(value: string): boolean;
  regex: RegExp;
  replace(match: string, ...groups: string[]): string | undefined;
}

const REPLACED: Record<PatternRule, string> = {
  bearer: "Bearer [Filtered]",
  pem_key: "[pemkey]",
  url_credentials: "[Filtered]",
  email: "[email]",
  credit_card: "[creditcard]",
  iban: "[iban]",
  us_ssn: "[ssn]",
  ip: "[ip]",
};

/** A Luhn-valid number with a card issuer's prefix: 4 Visa, 51–55/22–27 Mastercard, 34/37 Amex, 6 Discover. */
function isCardNumber(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, "");
  if (digits.length < 13 || digits.length > 19 || !/^(?:4|5[1-5]|2[2-7]|3[47]|6)/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** ISO 13616: move the first four characters to the end, letters to numbers, remainder mod 97 is 1. */
function isIban(candidate: string): boolean {
  const compact = candidate.replace(/ /g, "");
  if (compact.length < 15 || compact.length > 34) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= "A" ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

const FOUR_DIGITS = /\d{4}/;
const THREE_DIGITS = /\d{3}/;
/** A dotted quad's "1.2" or an IPv6 address's two colons around hex digits. */
const MAYBE_ADDRESS = /\d\.\d|:[0-9A-Fa-f]*:/;

/**
 * A valid IPv6 address that is not a name: "Cafe::Bad" parses as IPv6 but reads as a Ruby or
 * C++ scope, so a short form (two colons) must hold a digit to count.
 */
function isLikelyIPv6(candidate: string): boolean {
  if (!isIPv6(candidate)) return false;
  return (candidate.match(/:/g)?.length ?? 0) >= 3 || /\d/.test(candidate);
}

export const VALUE_PATTERNS: readonly ValuePattern[] = [
  {
    rule: "pem_key",
    mayContain: (value) => value.includes("-----BEGIN"),
    regex: /-----BEGIN[A-Z ]*PRIVATE KEY-----[\s\S]*?-----END[A-Z ]*PRIVATE KEY-----/g,
    replace: () => REPLACED.pem_key,
  },
  {
    rule: "bearer",
    mayContain: (value) => /bearer/i.test(value),
    regex: /\bbearer\s+[A-Za-z0-9\-._~+/]+=*/gi,
    replace: () => REPLACED.bearer,
  },
  {
    rule: "url_credentials",
    mayContain: (value) => value.includes("://") && value.includes("@"),
    regex: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s:@/]+:[^\s@/]*@/gi,
    replace: (_match, scheme) => `${scheme}${REPLACED.url_credentials}@`,
  },
  {
    rule: "email",
    mayContain: (value) => value.includes("@"),
    regex: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
    replace: () => REPLACED.email,
  },
  {
    rule: "credit_card",
    mayContain: (value) => FOUR_DIGITS.test(value),
    regex: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g,
    replace: (match) => (isCardNumber(match) ? REPLACED.credit_card : undefined),
  },
  {
    rule: "iban",
    mayContain: (value) => /[A-Z]{2}\d{2}/.test(value),
    regex: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g,
    replace: (match) => (isIban(match) ? REPLACED.iban : undefined),
  },
  {
    rule: "us_ssn",
    mayContain: (value) => value.includes("-") && THREE_DIGITS.test(value),
    regex: /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g,
    replace: () => REPLACED.us_ssn,
  },
  {
    rule: "ip",
    mayContain: (value) => MAYBE_ADDRESS.test(value),
    // Not after a letter and a slash: "Chrome/120.0.0.0" is a version, not an address.
    regex: /(?<![\w.:]|[A-Za-z]\/)(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\w.])/g,
    replace: (match) => (isIPv4(match) || isLikelyIPv6(match) ? REPLACED.ip : undefined),
  },
];

export interface PatternHit {
  rule: PatternRule;
  count: number;
}

/** The string with every pattern's matches replaced, and how many each rule replaced. */
export function scrubString(value: string, onHit: (rule: PatternRule) => void): string {
  let result = value;
  for (const pattern of VALUE_PATTERNS) {
    if (!pattern.mayContain(result)) continue;
    result = result.replace(pattern.regex, (match: string, ...rest: unknown[]) => {
      const groups = rest.filter((part): part is string => typeof part === "string");
      const replacement = pattern.replace(match, ...groups);
      if (replacement === undefined) return match;
      onHit(pattern.rule);
      return replacement;
    });
  }
  return result;
}
