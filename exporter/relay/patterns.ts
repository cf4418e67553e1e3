import { CONFIRMATIONS } from "../../core/redaction/confirmations";
import { VALUE_PATTERN_RULES, type Clue, type PatternRule, type ValuePatternRule } from "../../core/redaction/value-patterns";

// Values replaced wherever they appear in a string: the shared rules of core/redaction (which
// the log shipper's Lua filter renders too), compiled as JavaScript regular expressions. Each
// has a cheap `mayContain` guard so that most strings cost one includes() per rule, and the
// number-shaped ones (cards, IBANs) are confirmed by their checksum so ids and timestamps stay.

export type { PatternRule } from "../../core/redaction/value-patterns";

export interface ValuePattern {
  rule: PatternRule;
  mayContain(value: string): boolean;
  regex: RegExp;
  replace(match: string, ...groups: string[]): string | undefined;
}

function holds(clue: Clue, value: string): boolean {
  return "contains" in clue ? value.includes(clue.contains) : clue.matches.test(value);
}

function toValuePattern(rule: ValuePatternRule): ValuePattern {
  const confirm = rule.confirm === undefined ? undefined : CONFIRMATIONS[rule.confirm];
  return {
    rule: rule.rule,
    mayContain: (value) => rule.clues.every((clue) => holds(clue, value)),
    regex: new RegExp(rule.pattern.source, `g${rule.pattern.flags}`),
    replace: (match, ...groups) => {
      if (confirm && !confirm(match)) return undefined;
      return rule.replacement.map((part) => (typeof part === "string" ? part : (groups[part.group - 1] ?? ""))).join("");
    },
  };
}

export const VALUE_PATTERNS: readonly ValuePattern[] = VALUE_PATTERN_RULES.map(toValuePattern);

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
