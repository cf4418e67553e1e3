// The regular expressions the shared value patterns (core/redaction/value-patterns.ts) are
// written in, parsed into a syntax tree that the Lua filter's matcher runs with JavaScript's
// semantics (synth/logs/redaction-lua-matcher.ts). Only a subset is accepted, each exclusion for
// a reason; anything else throws at synth time, so a rule the Lua side would run differently
// cannot be added silently.
//
// Why the subset is what it is: JavaScript matches UTF-16 code units, the Lua script bytes of
// UTF-8. The two agree on every span as long as (a) the pattern's own characters are ASCII,
// (b) every character class that can match a non-ASCII character is repeated without an upper
// bound (so the runs it covers are the same, whether counted in code units or in bytes) and
// matches whole UTF-8 characters in Lua, and (c) a match starts, and a lookaround looks, at
// ASCII characters only. `\s` also matches the Unicode spaces JavaScript counts as spaces, which
// the Lua matcher knows by their UTF-8 bytes. Not accepted: `.` and the anchors (line
// terminators would need the same care as spaces and no rule needs them), back references,
// positive lookarounds, named groups, captures inside repeats (JavaScript resets them on each
// repetition) and the `u`, `m`, `s`, `y` flags.

export type Beyond = "none" | "spaces" | "nonSpaces" | "all";

/** One character: the ASCII bytes it matches and which non-ASCII characters it matches. */
export interface CharNode {
  kind: "char";
  ascii: ReadonlySet<number>;
  beyond: Beyond;
}

export type RegexNode =
  | CharNode
  | { kind: "sequence"; items: readonly RegexNode[] }
  | { kind: "choice"; options: readonly RegexNode[] }
  | { kind: "repeat"; item: RegexNode; min: number; max: number | undefined; greedy: boolean }
  | { kind: "capture"; index: number; item: RegexNode }
  | { kind: "wordBoundary" }
  | { kind: "notAhead"; item: RegexNode }
  | { kind: "notBehind"; item: RegexNode };

export interface ParsedPattern {
  tree: RegexNode;
  captures: number;
  /** The bytes a match can start with (every match consumes at least one). */
  firstBytes: ReadonlySet<number>;
  /**
   * Bytes that cannot come just before a match (from a leading one-character lookbehind, or a
   * leading \b before a word character); empty when the pattern's start says nothing of them.
   */
  notAfter: ReadonlySet<number>;
}

const ASCII_CODES = Array.from({ length: 128 }, (_, code) => code);
const DIGITS = codesOf("0123456789");
const WORD = new Set([...DIGITS, ...codesOf("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")]);
/** ASCII's share of JavaScript's \s (tab, line feed, vertical tab, form feed, carriage return, space). */
const ASCII_SPACES = new Set([9, 10, 11, 12, 13, 32]);
/** Characters that stand for themselves after a backslash. */
const IDENTITY_ESCAPES = new Set("\\/.-[](){}*+?|^$");
const SYNTAX = new Set("^$.|?*+()[]{}\\");

function codesOf(text: string): Set<number> {
  return new Set([...text].map((char) => char.charCodeAt(0)));
}

function complementAscii(codes: ReadonlySet<number>): Set<number> {
  return new Set(ASCII_CODES.filter((code) => !codes.has(code)));
}

function unionBeyond(a: Beyond, b: Beyond): Beyond {
  if (a === b || b === "none") return a;
  if (a === "none") return b;
  return "all";
}

function complementBeyond(beyond: Beyond): Beyond {
  return ({ none: "all", all: "none", spaces: "nonSpaces", nonSpaces: "spaces" } as const)[beyond];
}

/** Both cases of each ASCII letter, as the `i` flag compares them (without `u`, only ASCII letters fold to ASCII). */
function foldCase(codes: ReadonlySet<number>): Set<number> {
  const folded = new Set(codes);
  for (const code of codes) {
    if (code >= 65 && code <= 90) folded.add(code + 32);
    if (code >= 97 && code <= 122) folded.add(code - 32);
  }
  return folded;
}

interface CharClass {
  ascii: Set<number>;
  beyond: Beyond;
}

const CLASS_ESCAPES: Record<string, CharClass> = {
  d: { ascii: DIGITS, beyond: "none" },
  w: { ascii: WORD, beyond: "none" },
  s: { ascii: ASCII_SPACES, beyond: "spaces" },
  D: { ascii: complementAscii(DIGITS), beyond: "all" },
  W: { ascii: complementAscii(WORD), beyond: "all" },
  S: { ascii: complementAscii(ASCII_SPACES), beyond: "nonSpaces" },
};

/** Parses one pattern of the subset; throws, naming the pattern and the reason, for anything else. */
export function parsePattern(pattern: RegExp): ParsedPattern {
  if (pattern.flags !== "" && pattern.flags !== "i") {
    throw new Error(`/${pattern.source}/${pattern.flags}: only the flags "" and "i" can be rendered to Lua`);
  }
  const parser = new Parser(pattern.source, pattern.flags === "i");
  const tree = parser.parse();
  const fail = (reason: string): never => {
    throw new Error(`/${pattern.source}/${pattern.flags}: ${reason}`);
  };
  checkTree(tree, { insideRepeat: false, parentAllowsBeyond: false }, fail);
  const first = firstOf(tree);
  if (first.nullable) fail("can match without consuming a character at its start (the Lua scan needs a first character)");
  if (first.beyond) fail("can start with a non-ASCII character (the Lua scan starts at ASCII bytes only)");
  return { tree, captures: parser.captureCount, firstBytes: first.bytes, notAfter: notAfterOf(tree, first.bytes) };
}

/**
 * What the assertions a pattern starts with (before it consumes anything) forbid just before
 * a match: each one-character alternative of a negative lookbehind, and for \b, when every
 * first byte is a word character, the word characters. A necessary condition only: the matcher
 * still checks the assertions themselves.
 */
function notAfterOf(tree: RegexNode, firstBytes: ReadonlySet<number>): Set<number> {
  const forbidden = new Set<number>();
  const leading = tree.kind === "sequence" ? tree.items : [tree];
  for (const item of leading) {
    if (item.kind === "notBehind") {
      for (const option of lookbehindOptions(item.item)) {
        if (option.kind === "char") for (const code of option.ascii) forbidden.add(code);
      }
    } else if (item.kind === "wordBoundary") {
      if ([...firstBytes].every((code) => WORD.has(code))) for (const code of WORD) forbidden.add(code);
    } else if (item.kind !== "notAhead") {
      break;
    }
  }
  return forbidden;
}

class Parser {
  private position = 0;
  captureCount = 0;

  constructor(
    private readonly source: string,
    private readonly caseInsensitive: boolean,
  ) {}

  parse(): RegexNode {
    const tree = this.disjunction();
    if (this.position < this.source.length) this.fail(`unexpected "${this.peek()}"`);
    return tree;
  }

  private fail(reason: string): never {
    throw new Error(`/${this.source}/ at ${this.position}: ${reason}`);
  }

  /** The pattern's own characters are ASCII, so that a character is a byte on the Lua side. */
  private asciiCode(char: string): number {
    const code = char.charCodeAt(0);
    if (code > 127) this.fail(`"${char}" is not ASCII`);
    return code;
  }

  private peek(offset = 0): string | undefined {
    return this.source[this.position + offset];
  }

  private take(): string {
    const char = this.source[this.position];
    if (char === undefined) this.fail("unexpected end");
    this.position += 1;
    return char;
  }

  private startsWith(text: string): boolean {
    return this.source.startsWith(text, this.position);
  }

  private disjunction(): RegexNode {
    const options = [this.alternative()];
    while (this.peek() === "|") {
      this.position += 1;
      options.push(this.alternative());
    }
    return options.length === 1 ? options[0]! : { kind: "choice", options };
  }

  private alternative(): RegexNode {
    const items: RegexNode[] = [];
    while (this.position < this.source.length && this.peek() !== "|" && this.peek() !== ")") items.push(this.term());
    return items.length === 1 ? items[0]! : { kind: "sequence", items };
  }

  private term(): RegexNode {
    if (this.startsWith("\\b")) {
      this.position += 2;
      return { kind: "wordBoundary" };
    }
    if (this.startsWith("(?!") || this.startsWith("(?<!")) {
      const behind = this.startsWith("(?<!");
      this.position += behind ? 4 : 3;
      const item = this.disjunction();
      this.expect(")");
      return behind ? { kind: "notBehind", item } : { kind: "notAhead", item };
    }
    if (this.startsWith("(?=") || this.startsWith("(?<=")) this.fail("positive lookarounds are not in the subset");
    const atom = this.atom();
    return this.quantified(atom);
  }

  private expect(char: string): void {
    if (this.take() !== char) this.fail(`expected "${char}"`);
  }

  private atom(): RegexNode {
    const char = this.peek();
    if (char === "(") {
      if (this.startsWith("(?:")) {
        this.position += 3;
        const item = this.disjunction();
        this.expect(")");
        return item;
      }
      if (this.startsWith("(?")) this.fail("only (?:…), (?!…) and (?<!…) groups are in the subset");
      this.position += 1;
      this.captureCount += 1;
      const index = this.captureCount;
      const item = this.disjunction();
      this.expect(")");
      return { kind: "capture", index, item };
    }
    if (char === "[") return this.charNode(this.bracketClass());
    if (char === "\\") return this.charNode(this.escape(false));
    if (char === undefined || SYNTAX.has(char)) this.fail(`"${char ?? "end"}" is not in the subset here`);
    this.position += 1;
    return this.charNode({ ascii: new Set([this.asciiCode(char)]), beyond: "none" });
  }

  private charNode(charClass: CharClass): CharNode {
    return {
      kind: "char",
      ascii: this.caseInsensitive ? foldCase(charClass.ascii) : charClass.ascii,
      beyond: charClass.beyond,
    };
  }

  /** After a backslash: a class escape, or a character that stands for itself. */
  private escape(inClass: boolean): CharClass {
    this.expect("\\");
    const char = this.take();
    const known = CLASS_ESCAPES[char];
    if (known) return { ascii: new Set(known.ascii), beyond: known.beyond };
    if (char === "n") return { ascii: new Set([10]), beyond: "none" };
    if (char === "r") return { ascii: new Set([13]), beyond: "none" };
    if (char === "t") return { ascii: new Set([9]), beyond: "none" };
    if (IDENTITY_ESCAPES.has(char)) return { ascii: new Set([char.charCodeAt(0)]), beyond: "none" };
    return this.fail(`the escape \\${char}${inClass ? " in a class" : ""} is not in the subset`);
  }

  private bracketClass(): CharClass {
    this.expect("[");
    const negated = this.peek() === "^";
    if (negated) this.position += 1;
    const ascii = new Set<number>();
    let beyond: Beyond = "none";
    while (this.peek() !== "]") {
      if (this.peek() === undefined) this.fail("unterminated class");
      const from = this.classAtom();
      if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== undefined) {
        this.position += 1;
        const to = this.classAtom();
        if (from.single === undefined || to.single === undefined || to.single < from.single) this.fail("bad range in a class");
        for (let code = from.single; code <= to.single; code += 1) ascii.add(code);
        continue;
      }
      for (const code of from.charClass.ascii) ascii.add(code);
      beyond = unionBeyond(beyond, from.charClass.beyond);
    }
    this.position += 1;
    // The `i` flag folds the members before a negation takes the complement, as JavaScript compares.
    const members = this.caseInsensitive ? foldCase(ascii) : ascii;
    return negated ? { ascii: complementAscii(members), beyond: complementBeyond(beyond) } : { ascii: members, beyond };
  }

  private classAtom(): { charClass: CharClass; single: number | undefined } {
    if (this.peek() === "\\") {
      const charClass = this.escape(true);
      const [only] = charClass.ascii;
      return { charClass, single: charClass.ascii.size === 1 && charClass.beyond === "none" ? only : undefined };
    }
    const char = this.take();
    if (char === "[") this.fail('"[" inside a class must be escaped in the subset');
    const code = this.asciiCode(char);
    return { charClass: { ascii: new Set([code]), beyond: "none" }, single: code };
  }

  private quantified(item: RegexNode): RegexNode {
    const char = this.peek();
    let min: number;
    let max: number | undefined;
    if (char === "*" || char === "+" || char === "?") {
      this.position += 1;
      min = char === "+" ? 1 : 0;
      max = char === "?" ? 1 : undefined;
    } else if (char === "{") {
      const braces = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.position));
      if (!braces) this.fail('a literal "{" is not in the subset');
      this.position += braces[0].length;
      min = Number(braces[1]);
      max = braces[2] === undefined ? min : braces[3] === "" ? undefined : Number(braces[3]);
      if (max !== undefined && max < min) this.fail("a repeat's maximum is below its minimum");
    } else {
      return item;
    }
    const greedy = this.peek() !== "?";
    if (!greedy) this.position += 1;
    return { kind: "repeat", item, min, max, greedy };
  }
}

interface CheckContext {
  insideRepeat: boolean;
  /** A non-ASCII-reaching class is allowed only as the item of an unbounded repeat (see the header). */
  parentAllowsBeyond: boolean;
}

function checkTree(node: RegexNode, context: CheckContext, fail: (reason: string) => never): void {
  const plain: CheckContext = { insideRepeat: context.insideRepeat, parentAllowsBeyond: false };
  switch (node.kind) {
    case "char":
      if (node.beyond !== "none" && !context.parentAllowsBeyond) {
        fail("a class that matches non-ASCII characters must be repeated with * or + (or {0,} {1,}), lazy or not");
      }
      return;
    case "sequence":
      for (const item of node.items) checkTree(item, plain, fail);
      return;
    case "choice":
      for (const option of node.options) checkTree(option, plain, fail);
      return;
    case "repeat":
      checkTree(node.item, { insideRepeat: true, parentAllowsBeyond: node.max === undefined && node.min <= 1 }, fail);
      return;
    case "capture":
      if (context.insideRepeat) fail("a capturing group inside a repeat is not in the subset");
      checkTree(node.item, plain, fail);
      return;
    case "wordBoundary":
      return;
    case "notAhead":
    case "notBehind":
      if (reachesBeyondAscii(node.item)) fail("a lookaround must look at ASCII characters only");
      if (node.kind === "notBehind") {
        for (const option of lookbehindOptions(node.item)) {
          if (fixedWidth(option) === undefined) fail("a lookbehind's alternatives must each have a fixed width");
        }
      }
      checkTree(node.item, plain, fail);
      return;
  }
}

function reachesBeyondAscii(node: RegexNode): boolean {
  switch (node.kind) {
    case "char":
      return node.beyond !== "none";
    case "sequence":
      return node.items.some(reachesBeyondAscii);
    case "choice":
      return node.options.some(reachesBeyondAscii);
    case "repeat":
    case "capture":
    case "notAhead":
    case "notBehind":
      return reachesBeyondAscii(node.item);
    case "wordBoundary":
      return false;
  }
}

/** A lookbehind's top-level alternatives, each looked for at its own width. */
export function lookbehindOptions(item: RegexNode): readonly RegexNode[] {
  return item.kind === "choice" ? item.options : [item];
}

/** The bytes a node always consumes (ASCII only, so bytes are characters), or undefined if that varies. */
export function fixedWidth(node: RegexNode): number | undefined {
  switch (node.kind) {
    case "char":
      return 1;
    case "sequence": {
      let total = 0;
      for (const item of node.items) {
        const width = fixedWidth(item);
        if (width === undefined) return undefined;
        total += width;
      }
      return total;
    }
    case "choice": {
      const widths = new Set(node.options.map(fixedWidth));
      const [only] = widths;
      return widths.size === 1 ? only : undefined;
    }
    case "repeat": {
      const width = fixedWidth(node.item);
      return width !== undefined && node.max === node.min ? width * node.min : undefined;
    }
    case "capture":
      return fixedWidth(node.item);
    case "wordBoundary":
    case "notAhead":
    case "notBehind":
      return 0;
  }
}

interface First {
  bytes: Set<number>;
  beyond: boolean;
  nullable: boolean;
}

function firstOf(node: RegexNode): First {
  switch (node.kind) {
    case "char":
      return { bytes: new Set(node.ascii), beyond: node.beyond !== "none", nullable: false };
    case "sequence": {
      const result: First = { bytes: new Set(), beyond: false, nullable: true };
      for (const item of node.items) {
        const first = firstOf(item);
        for (const code of first.bytes) result.bytes.add(code);
        result.beyond ||= first.beyond;
        if (!first.nullable) return { ...result, nullable: false };
      }
      return result;
    }
    case "choice": {
      const result: First = { bytes: new Set(), beyond: false, nullable: false };
      for (const option of node.options) {
        const first = firstOf(option);
        for (const code of first.bytes) result.bytes.add(code);
        result.beyond ||= first.beyond;
        result.nullable ||= first.nullable;
      }
      return result;
    }
    case "repeat": {
      const first = firstOf(node.item);
      return { ...first, nullable: first.nullable || node.min === 0 };
    }
    case "capture":
      return firstOf(node.item);
    case "wordBoundary":
    case "notAhead":
    case "notBehind":
      return { bytes: new Set(), beyond: false, nullable: true };
  }
}
