// Lua source for values the TypeScript side renders into a Lua script: strings as byte-exact
// literals, byte sets as Lua pattern sets.

/**
 * A double-quoted Lua string literal holding the UTF-8 bytes of `text`: printable ASCII as it
 * is, every other byte as a three-digit decimal escape (Lua 5.1, which LuaJIT follows, has no
 * \x or \u escapes), so the script is ASCII and the bytes are exactly the text's.
 */
export function luaString(text: string): string {
  let literal = '"';
  for (const byte of Buffer.from(text, "utf8")) {
    const char = String.fromCharCode(byte);
    if (char === '"' || char === "\\") literal += `\\${char}`;
    else if (byte >= 32 && byte < 127) literal += char;
    else literal += `\\${String(byte).padStart(3, "0")}`;
  }
  return `${literal}"`;
}

const ALPHANUMERIC = /^[A-Za-z0-9]$/;

const DIGITS = "0123456789";
const HEX_DIGITS = "0123456789ABCDEFabcdef";

function isExactly(sorted: readonly number[], members: string): boolean {
  return sorted.length === members.length && sorted.every((byte, index) => byte === members.charCodeAt(index));
}

/**
 * A Lua pattern item matching exactly these ASCII bytes: "%d" for the digits and "%x" for the
 * hex digits (the only two classes the C locale cannot change, so a Fluent Bit started in
 * another locale matches the same), "%." for one punctuation byte, otherwise a set
 * ("[%-%.0-9A-Z]"), which Lua matches by byte value. Every non-alphanumeric byte is written
 * with "%", which in a Lua pattern always stands for the byte itself; runs of three or more
 * letters or digits become ranges.
 */
export function luaPatternSet(bytes: ReadonlySet<number>): string {
  const sorted = [...bytes].sort((a, b) => a - b);
  if (sorted.length === 0 || sorted.some((byte) => byte > 127)) throw new Error("a pattern class needs ASCII bytes");
  if (isExactly(sorted, DIGITS)) return "%d";
  if (isExactly(sorted, HEX_DIGITS)) return "%x";
  if (sorted.length === 1) {
    const only = String.fromCharCode(sorted[0]!);
    return ALPHANUMERIC.test(only) ? only : `%${only}`;
  }
  let body = "";
  for (let index = 0; index < sorted.length; ) {
    const start = sorted[index]!;
    const startChar = String.fromCharCode(start);
    if (!ALPHANUMERIC.test(startChar)) {
      body += `%${startChar}`;
      index += 1;
      continue;
    }
    let end = index;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1 && sameKind(start, sorted[end + 1]!)) end += 1;
    const endChar = String.fromCharCode(sorted[end]!);
    body += end - index >= 2 ? `${startChar}-${endChar}` : String.fromCharCode(...sorted.slice(index, end + 1));
    index = end + 1;
  }
  return `[${body}]`;
}

/** Digits, upper-case and lower-case letters each make their own ranges, so a range never spans punctuation. */
function sameKind(a: number, b: number): boolean {
  const kind = (code: number) => (code <= 57 ? 0 : code <= 90 ? 1 : 2);
  return ALPHANUMERIC.test(String.fromCharCode(b)) && kind(a) === kind(b);
}
