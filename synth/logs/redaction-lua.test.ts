import { mkdtempSync, rmSync } from "node:fs";
import { isIPv4 } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CONFIRMATIONS, isLikelyIPv6 } from "../../core/redaction/confirmations";
import { FILTERED } from "../../core/redaction/keys";
import { VALUE_PATTERN_RULES } from "../../core/redaction/value-patterns";
import { scrubString } from "../../exporter/relay/patterns";
import { Scrubber } from "../../exporter/relay/scrub";
import { LOG_REDACTION_CASES, type LogRecord } from "../../test/support/log-redaction-cases";
import { luaHarness } from "../../test/support/luajit";
import { REDACTION_FUNCTION, REDACTION_SCRIPT_PATH, renderRedactionLua } from "./redaction-lua";
import { parsePattern } from "./regex-subset";

// The rendered filter, run by Debian's LuaJIT (the VM Fluent Bit's lua filter embeds) through
// Fluent Bit's callback contract, against one table of log records that the relay's scrubber
// also runs: secrets gone, the rest kept byte for byte, and the two implementations agreeing
// wherever the table does not mark a difference. Then the value patterns alone, on random
// strings, against the relay's scrubString.

const directory = mkdtempSync(join(tmpdir(), "vigil-redaction-lua-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const lua = luaHarness(directory, renderRedactionLua());

const relayScrubber = () => new Scrubber({ sensitiveFields: [], safeFields: [], keepFrameVars: false });

interface FilterResult {
  code: number;
  timestamp: number;
  record: LogRecord;
}

describe("the rendered redaction script", () => {
  it("is deterministic, names its function and its contract's document, and loads in LuaJIT", () => {
    const script = renderRedactionLua();
    expect(renderRedactionLua()).toBe(script);
    expect(script).toContain(`function ${REDACTION_FUNCTION}(tag, timestamp, record)`);
    expect(script).toContain("https://docs.fluentbit.io/manual/pipeline/filters/lua");
    expect(REDACTION_SCRIPT_PATH).toBe("fluent-bit/redact.lua");
    // Only ASCII: every other byte is written as a decimal escape.
    expect(/^[\x09\x0a\x20-\x7e]*$/.test(script)).toBe(true);
  });

  it("parses every shared value pattern in the subset the Lua matcher runs", () => {
    for (const rule of VALUE_PATTERN_RULES) expect(() => parsePattern(rule.pattern), rule.rule).not.toThrow();
  });
});

describe("the Lua filter and the relay on one table of log records", () => {
  const outputs = lua.run(
    "records",
    LOG_REDACTION_CASES.map((entry) => entry.record),
  ) as FilterResult[];

  it.each(LOG_REDACTION_CASES.map((entry, index) => [entry.name, index] as const))("%s", (_name, index) => {
    const entry = LOG_REDACTION_CASES[index]!;
    const output = outputs[index]!;
    const shipped = entry.shipped ?? entry.record;
    expect(output.record).toEqual(shipped);
    // Fluent Bit's contract: 2 = the record changed (keep the timestamp), 0 = unchanged; never -1, which drops.
    expect(output.code).toBe(entry.shipped === undefined ? 0 : 2);
    expect(output.timestamp).toBe(1767225600.5);

    const relayed = structuredClone(entry.record);
    relayScrubber().scrub(relayed);
    expect(relayed).toEqual(entry.relay?.output ?? shipped);
  });

  it("marks a difference only where the two really differ", () => {
    for (const entry of LOG_REDACTION_CASES) {
      if (entry.relay) expect(entry.relay.output, entry.name).not.toEqual(entry.shipped ?? entry.record);
    }
  });

  it("leaves no secret of the table in what it ships", () => {
    const shipped = JSON.stringify(outputs.map((output) => output.record));
    for (const secret of ["hunter2", "tk_live_51Hx", "s3cr3t", "s3cret", "eyJzdWIiOiIxIn0.abc", "dXNlcjpwYXNz", "abc123", "8f2e", "k-123", "MIIEowIBAAKCAQEA"]) {
      expect(shipped, secret).not.toContain(secret);
    }
    for (const secret of ["ada@example.com", "4111 1111 1111 1111", "DE89370400440532013000", "123-45-6789", "10.0.0.5", "fe80::1"]) {
      expect(shipped, secret).not.toContain(secret);
    }
  });
});

describe("key names, as the relay decides them", () => {
  const options = { sensitiveFields: ["date_of_birth"], safeFields: ["order_token"] };
  const configured = luaHarness(mkdtempSync(join(directory, "configured-")), renderRedactionLua(options));
  const keys = [
    "password", "PASSWORD", "Passwd", "x-api-key", "X Api Key", "apikey", "Authorization", "auth_token", "author",
    "credentials", "mysql_pwd", "privateKey", "private-key", "sessionid", "session_id", "Session-Key", "csrf_token",
    "XSRF-TOKEN", "user_agent", "User-Agent", "version", "Level", "type", "timestamp", "request_id", "user_id",
    "route", "status", "message", "Date-Of-Birth", "order_token", "ORDER-TOKEN", "refresh_token",
    // JavaScript lowers the Kelvin sign to "k" and U+0130 to "i" + U+0307; other letters stay non-ASCII.
    "API_\u212aEY", "PR\u0130VATE_KEY", "VERS\u0130ON", "\uff30\uff21\uff33\uff33\uff37\uff2f\uff32\uff24", "Ｔoken", "Пароль",
  ];

  it("sensitive, safe or neither, for every key", () => {
    const relay = new Scrubber({ ...options, keepFrameVars: false });
    const decisions = configured.run("key_rule", keys);
    keys.forEach((key, index) => {
      const event = { extra: { [key]: "ada@example.com" } };
      relay.scrub(event);
      const relayed = event.extra[key];
      const expected = relayed === FILTERED ? "sensitive" : relayed === "ada@example.com" ? "safe" : false;
      expect([key, decisions[index]]).toEqual([key, expected]);
    });
  });

  it("and the names only a log has (cookies) are sensitive in the filter alone", () => {
    expect(lua.run("key_rule", ["cookie", "Set-Cookie", "cookies", "Proxy-Authorization"])).toEqual(["sensitive", "sensitive", "sensitive", "sensitive"]);
  });
});

/** A deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces the value patterns care about, and pieces around them, joined at random. */
const FRAGMENTS = [
  "a", "Z", "q", "x", "_", "0", "1", "4", "5", "9", "00", "000", "666", "123", "255", "256", "01", "4111", "1111", "1112",
  " ", "  ", "-", ".", ":", "::", "/", "@", "+", "%", "=", "&", ";", ",", "\n", "\t", "'", '"', "(", ")",
  "Bearer ", "bearer\t", "BEARER", "Bearer\u00a0", "tok.en~+/", "==", "://", "https://", "postgres://", "u:p@", "user:", "s3cret@",
  "ada@example.com", "x@y.io", "@mail.", ".co", "example", "com",
  "4111 1111 1111 1111", "4111-1111-1111-1111", "378282246310005", "5500000000000004", "79927398713",
  "DE89370400440532013000", "GB82 WEST 1234 5698 7654 32", "DE89 3704", "NL91ABNA0417164300",
  "123-45-6789", "000-12-3456", "666-", "-00-", "9",
  "10.0.0.5", "192.168.1.255", "1.2.3", "01.2.3.4", "::1", "fe80::1", "2001:db8::8a2e:370:7334", "1:2:3:4:5:6:7:8", "Cafe::Bad", "ffff", "FE80",
  "Chrome/", "v", "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----", "-----END PRIVATE KEY-----", "MIIE",
  "é", "ü", "\u00a0", "\u2003", "\u3000", "\ufeff", "\u2028", "—", "✓", "😀", "ПЁ",
];

function randomStrings(count: number, seed: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const pieces = 1 + Math.floor(next() * 24);
    let text = "";
    for (let piece = 0; piece < pieces; piece += 1) text += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]!;
    return text;
  });
}

describe("the value patterns in Lua and in the relay", () => {
  it("replace the same spans in 20,000 random strings", () => {
    const strings = randomStrings(20_000, 19);
    const fromLua = lua.run("scrub_values", strings) as string[];
    const mismatches = strings
      .map((text, index) => ({ text, relay: scrubString(text, () => {}), lua: fromLua[index] }))
      .filter((entry) => entry.relay !== entry.lua);
    expect(mismatches.slice(0, 5)).toEqual([]);
    // The strings reach every rule (a generator that stopped producing secrets would prove nothing).
    const replaced = new Set(strings.flatMap((text) => {
      const rules: string[] = [];
      scrubString(text, (rule) => rules.push(rule));
      return rules;
    }));
    expect([...replaced].sort()).toEqual(VALUE_PATTERN_RULES.map((rule) => rule.rule).sort());
  });

  it("confirm the same candidates (Luhn, mod 97, Node's isIPv4 and isIPv6)", () => {
    const next = random(97);
    const pick = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
    const candidates: Array<[keyof typeof CONFIRMATIONS, string]> = [];
    for (let index = 0; index < 3_000; index += 1) {
      candidates.push(["card_number", pick("0123456789 -", 13 + Math.floor(next() * 10))]);
      candidates.push(["iban", pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ", 15 + Math.floor(next() * 24))]);
      candidates.push(["ip_address", pick("0123456789abcdefABCDEF::", 2 + Math.floor(next() * 30))]);
      candidates.push(["ip_address", [0, 1, 2, 3].map(() => pick("0123456789", 1 + Math.floor(next() * 3))).join(".")]);
    }
    // Some that pass, so both branches of each are compared.
    candidates.push(["card_number", "4111 1111 1111 1111"], ["iban", "GB82 WEST 1234 5698 7654 32"], ["ip_address", "1:2:3:4:5:6:7::"]);
    const fromLua = lua.run("confirm", candidates) as boolean[];
    const fromJs = candidates.map(([name, candidate]) => CONFIRMATIONS[name](candidate));
    const mismatches = candidates.filter((_, index) => fromLua[index] !== fromJs[index]);
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(fromJs.filter(Boolean).length).toBeGreaterThan(100);
    expect(isIPv4("10.0.0.5") && isLikelyIPv6("fe80::1")).toBe(true);
  });

  it("take the same characters for JavaScript's \\s beyond ASCII", () => {
    const jsSpaces: Array<[number, number]> = [];
    for (let code = 0x80; code <= 0xffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCharCode(code);
      if (/\s/.test(char)) jsSpaces.push([code, Buffer.byteLength(char, "utf8")]);
    }
    expect(lua.run("spaces", [])).toEqual(jsSpaces);
  });
});

describe("texts the relay never sees as text", () => {
  it.each([
    ["an empty value stays", "password=&next=/cart", "password=&next=/cart"],
    ["an empty value at the end stays", "password=", "password="],
    ["blanks after the separator are skipped", "password= hunter2", "password= [Filtered]"],
    ["an already filtered value stays", "password=[Filtered]", "password=[Filtered]"],
    ["a replacement the patterns left is the whole value", "password=ada@example.com;x=1", "password=[Filtered];x=1"],
    ["a rails-style parameter", "params[password]=hunter2&params[user]=ada", "params[password]=[Filtered]&params[user]=ada"],
    ["a dotted name and spaces around the separator", "db.password = hunter2 port=5432", "db.password = [Filtered] port=5432"],
    ["an unterminated quote hides the rest", 'token="abc def', 'token="[Filtered]'],
    ["a name without a separator stays", "the token expired", "the token expired"],
  ])("%s", (_name, text, expected) => {
    expect(lua.run("redact_text", [text])).toEqual([expected]);
  });
});

describe("throughput", () => {
  it("measures 10,000 records through the filter (the issue's target is 10,000 lines a minute per host)", () => {
    const [result] = lua.run("bench", { records: LOG_REDACTION_CASES.map((entry) => entry.record), count: 10_000 }) as Array<{ seconds: number; records: number; changed: number }>;
    console.log(`luajit: ${result!.records} records through ${REDACTION_FUNCTION} in ${(result!.seconds * 1000).toFixed(0)} ms CPU (${result!.changed} changed)`);
    expect(result!.records).toBe(10_000);
  });
});
