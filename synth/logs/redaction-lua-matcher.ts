import type { Clue, ValuePatternRule } from "../../core/redaction/value-patterns";
import { luaPatternSet, luaString } from "./lua-syntax";
import { fixedWidth, lookbehindOptions, parsePattern, type CharNode, type ParsedPattern, type RegexNode } from "./regex-subset";

// The value patterns in the Lua filter: each rule's syntax tree (synth/logs/regex-subset.ts)
// rendered as a Lua table, and the matcher that runs those tables with JavaScript's
// backtracking semantics, so that the Lua filter replaces the spans the relay replaces. Lua's
// own patterns have no alternation, no bounded repeats of groups and no lookbehind, so they
// only find where a match may start (each rule's first bytes); the tree decides.

const BEYOND_IN_LUA: Record<CharNode["beyond"], string> = { none: "none", spaces: "spaces", nonSpaces: "non_spaces", all: "all" };

/** A byte set as the Lua string of its members, in order. */
function luaMembers(bytes: ReadonlySet<number>): string {
  return luaString(String.fromCharCode(...[...bytes].sort((a, b) => a - b)));
}

/** A character that matches exactly one ASCII byte, which a literal can hold. */
function singleByte(node: RegexNode): number | undefined {
  if (node.kind !== "char" || node.beyond !== "none" || node.ascii.size !== 1) return undefined;
  const [only] = node.ascii;
  return only;
}

/** A class as its ASCII members, or, when it holds most of ASCII (a negated class), as the bytes it leaves out. */
function luaChar(node: CharNode): string {
  const beyond = `beyond = "${BEYOND_IN_LUA[node.beyond]}"`;
  if (node.ascii.size <= 64) return `{ "char", set = ${luaMembers(node.ascii)}, ${beyond} }`;
  const excluded = new Set(Array.from({ length: 128 }, (_, code) => code).filter((code) => !node.ascii.has(code)));
  return `{ "char", except = ${luaMembers(excluded)}, ${beyond} }`;
}

/** A sequence's items, runs of single bytes merged into literals (compared in one step). */
function luaSequenceItems(items: readonly RegexNode[]): string[] {
  const rendered: string[] = [];
  let literal = "";
  const flush = () => {
    if (literal.length === 1) rendered.push(luaTree({ kind: "char", ascii: new Set([literal.charCodeAt(0)]), beyond: "none" }));
    else if (literal.length > 1) rendered.push(`{ "literal", text = ${luaString(literal)} }`);
    literal = "";
  };
  for (const item of items) {
    const byte = singleByte(item);
    if (byte !== undefined) {
      literal += String.fromCharCode(byte);
      continue;
    }
    flush();
    rendered.push(luaTree(item));
  }
  flush();
  return rendered;
}

/** A syntax tree as the Lua table the matcher compiles (the node kinds are listed in MATCHER_LUA). */
export function luaTree(node: RegexNode): string {
  switch (node.kind) {
    case "char":
      return luaChar(node);
    case "sequence": {
      const items = luaSequenceItems(node.items);
      return items.length === 1 ? items[0]! : `{ "sequence", ${items.join(", ")} }`;
    }
    case "choice":
      return `{ "choice", ${node.options.map(luaTree).join(", ")} }`;
    case "repeat":
      return `{ "repeat", ${luaTree(node.item)}, min = ${node.min}, max = ${node.max ?? "math.huge"}, greedy = ${node.greedy} }`;
    case "capture":
      return `{ "capture", ${luaTree(node.item)}, index = ${node.index} }`;
    case "wordBoundary":
      return `{ "boundary" }`;
    case "notAhead":
      return `{ "not_ahead", ${luaTree(node.item)} }`;
    case "notBehind": {
      // Each alternative of a lookbehind is looked for at its own width.
      const options = lookbehindOptions(node.item).map((option) => `{ "not_behind", ${luaTree(option)}, width = ${fixedWidth(option)} }`);
      return options.length === 1 ? options[0]! : `{ "sequence", ${options.join(", ")} }`;
    }
  }
}

/**
 * The run a pattern starts with, when it starts with an unbounded repeat (at least once) of one
 * character: a match that fails from the start of that run fails from anywhere inside it too
 * (it would try a subset of the same continuations), so the scan may skip the run. That keeps
 * the email rule linear on a long word without its "@".
 */
export function leadingRun(tree: RegexNode): CharNode | undefined {
  const first = tree.kind === "sequence" ? tree.items[0] : tree;
  if (first?.kind !== "repeat" || first.max !== undefined || first.min < 1 || first.item.kind !== "char") return undefined;
  return first.item;
}

/**
 * The Lua pattern that finds where a match may start: a first byte, and when the pattern's
 * leading assertions forbid a byte before it, a frontier (%f[set]: the byte before is not in
 * the set, the one at the position is), so that words are skipped in C rather than tried one
 * byte at a time. A frontier takes the start of the string as the byte 0, so 0 must not be
 * forbidden, and it tests the first byte against the set too, so every first byte must be in it.
 */
export function luaStartPattern(parsed: ParsedPattern): string {
  const first = luaPatternSet(parsed.firstBytes);
  const usable = parsed.notAfter.size > 0 && !parsed.notAfter.has(0) && [...parsed.firstBytes].every((code) => parsed.notAfter.has(code));
  if (!usable) return first;
  // A frontier takes a set in brackets, whatever luaPatternSet wrote.
  const forbidden = luaPatternSet(parsed.notAfter);
  return `%f${forbidden.startsWith("[") ? forbidden : `[${forbidden}]`}${first}`;
}

/** The fields of a compiled pattern: where a match may start, its tree, its captures, the run it may skip. */
function luaPatternFields(parsed: ParsedPattern): string[] {
  const run = leadingRun(parsed.tree);
  return [
    `first = ${luaString(luaStartPattern(parsed))}`,
    `captures = ${parsed.captures}`,
    ...(run ? [`skip_run = ${luaChar(run)}`] : []),
    `pattern = ${luaTree(parsed.tree)}`,
  ];
}

/** A single ASCII character, repeated or not, as Lua pattern text; undefined for anything else. */
function luaNativeItem(node: RegexNode): string | undefined {
  if (node.kind === "char") return node.beyond === "none" ? luaPatternSet(node.ascii) : undefined;
  if (node.kind !== "repeat" || node.item.kind !== "char" || node.item.beyond !== "none") return undefined;
  const set = luaPatternSet(node.item.ascii);
  const required = set.repeat(node.min);
  return node.max === undefined ? `${required}${set}*` : `${required}${`${set}?`.repeat(node.max - node.min)}`;
}

/**
 * A clue only asks whether the string holds a match somewhere, and for characters and their
 * repeats in sequence (no assertion, no group, ASCII only) Lua's own pattern matcher answers
 * that exactly, in C: one Lua pattern per top-level alternative, any of which may match.
 * Undefined for a clue it cannot say, which the matcher then runs.
 */
export function luaNativePatterns(tree: RegexNode): string[] | undefined {
  const options = tree.kind === "choice" ? tree.options : [tree];
  const patterns: string[] = [];
  for (const option of options) {
    const items = option.kind === "sequence" ? option.items : [option];
    const rendered = items.map(luaNativeItem);
    if (rendered.some((item) => item === undefined)) return undefined;
    patterns.push(rendered.join(""));
  }
  return patterns;
}

function luaClue(clue: Clue): string {
  if ("contains" in clue) return `{ contains = ${luaString(clue.contains)} }`;
  const parsed = parsePattern(clue.matches);
  const native = luaNativePatterns(parsed.tree);
  if (native) return `{ any_of = { ${native.map(luaString).join(", ")} } }`;
  return `{ matches = { ${luaPatternFields(parsed).join(", ")} } }`;
}

function luaReplacement(rule: ValuePatternRule): string {
  const parts = rule.replacement.map((part) => (typeof part === "string" ? luaString(part) : `{ group = ${part.group} }`));
  return `{ ${parts.join(", ")} }`;
}

/** The value rules as the Lua table VALUE_RULES, in the order they run. */
export function luaValueRules(rules: readonly ValuePatternRule[]): string {
  const entries = rules.map((rule) => {
    const parsed = parsePattern(rule.pattern);
    for (const part of rule.replacement) {
      if (typeof part !== "string" && (part.group < 1 || part.group > parsed.captures)) {
        throw new Error(`${rule.rule}: the replacement names group ${part.group}, which /${rule.pattern.source}/ does not have`);
      }
    }
    const fields = [
      `name = ${luaString(rule.rule)}`,
      `clues = { ${rule.clues.map(luaClue).join(", ")} }`,
      ...(rule.confirm ? [`confirm = ${luaString(rule.confirm)}`] : []),
      `replacement = ${luaReplacement(rule)}`,
      ...luaPatternFields(parsed),
    ];
    return `  -- /${rule.pattern.source}/${rule.pattern.flags}\n  { ${fields.join(",\n    ")} },`;
  });
  return `local VALUE_RULES = {\n${entries.join("\n")}\n}`;
}

/**
 * The matcher: each node compiles, once, with its continuation (what follows it) into a
 * function m(i) that matches the node at byte i of `subject` and then the continuation from
 * the position after it; the first result the continuation does not refuse is the match's
 * end, and matching allocates nothing. That is JavaScript's backtracking order: alternatives left to
 * right, greedy repeats longest first, lazy ones shortest first, a repetition beyond the
 * minimum that consumes nothing refused (ECMA-262 RepeatMatcher). Lookbehinds are tried at
 * their fixed width. Characters: ASCII by byte; beyond ASCII, whole UTF-8 characters (an
 * invalid byte alone), and \s knows JavaScript's Unicode spaces by their UTF-8 bytes.
 * Node kinds (luaTree renders them): char (its ASCII `set`, or the ASCII bytes it leaves out as
 * `except`, and what it matches `beyond` ASCII), literal, sequence, choice, repeat, capture,
 * boundary, not_ahead, not_behind.
 */
export const MATCHER_LUA = String.raw`
local byte, sub, find, concat = string.byte, string.sub, string.find, table.concat

-- The string being matched, shared by the compiled nodes (a Fluent Bit filter runs one record at a time).
local subject = ""
local captures = {}

-- The bytes of the space JavaScript's \s matches beyond ASCII at i (U+00A0, U+1680,
-- U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF), 0 if there is none.
local function unicode_space_length(i)
  local b1, b2, b3 = byte(subject, i, i + 2)
  if b1 == 0xC2 then return b2 == 0xA0 and 2 or 0 end
  if b1 == 0xE1 then return (b2 == 0x9A and b3 == 0x80) and 3 or 0 end
  if b1 == 0xE2 then
    if b2 == 0x80 and b3 and ((b3 >= 0x80 and b3 <= 0x8A) or b3 == 0xA8 or b3 == 0xA9 or b3 == 0xAF) then return 3 end
    if b2 == 0x81 and b3 == 0x9F then return 3 end
    return 0
  end
  if b1 == 0xE3 then return (b2 == 0x80 and b3 == 0x80) and 3 or 0 end
  if b1 == 0xEF then return (b2 == 0xBB and b3 == 0xBF) and 3 or 0 end
  return 0
end

-- The position after the UTF-8 character that starts at i; a byte that starts none counts alone.
local function character_end(i)
  local lead = byte(subject, i)
  local length = lead >= 0xF0 and 4 or lead >= 0xE0 and 3 or lead >= 0xC0 and 2 or 1
  local j = i + 1
  while j < i + length do
    local continuation = byte(subject, j)
    if continuation == nil or continuation < 0x80 or continuation > 0xBF then break end
    j = j + 1
  end
  return j
end

-- One character of a class: the position after it, or nil.
local function character_step(node)
  local members, beyond = {}, node.beyond
  if node.except then
    for b = 0, 0x7F do members[b] = true end
    for index = 1, #node.except do members[byte(node.except, index)] = nil end
  else
    for index = 1, #node.set do members[byte(node.set, index)] = true end
  end
  return function(i)
    local b = byte(subject, i)
    if b == nil then return nil end
    if b < 0x80 then
      if members[b] then return i + 1 end
      return nil
    end
    if beyond == "none" then return nil end
    local space = unicode_space_length(i)
    if space > 0 then
      if beyond == "spaces" or beyond == "all" then return i + space end
      return nil
    end
    if beyond == "non_spaces" or beyond == "all" then return character_end(i) end
    return nil
  end
end

local function accept(j) return j end

local WORD = {}
for b in ("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"):gmatch(".") do WORD[byte(b)] = true end
local function is_word_at(i)
  local b = byte(subject, i)
  return b ~= nil and WORD[b] == true
end

local compile

-- A repeat of one character: the run is measured, then the continuation is tried at each length
-- (longest first when greedy).
local function compile_character_repeat(node, continue)
  local step, min, max = character_step(node[2]), node.min, node.max
  if node.greedy then
    return function(i)
      local count, j = 0, i
      while count < max do
        local after = step(j)
        if after == nil then break end
        count, j = count + 1, after
      end
      if count < min then return nil end
      if node[2].beyond == "none" then
        -- One byte per character: the lengths are positions.
        for taken = count, min, -1 do
          local result = continue(i + taken)
          if result then return result end
        end
        return nil
      end
      -- Characters of several bytes: walk back from the end, one whole character at a time.
      local ends = { [0] = i }
      j = i
      for taken = 1, count do
        j = step(j)
        ends[taken] = j
      end
      for taken = count, min, -1 do
        local result = continue(ends[taken])
        if result then return result end
      end
      return nil
    end
  end
  return function(i)
    local count, j = 0, i
    while count < min do
      j = step(j)
      if j == nil then return nil end
      count = count + 1
    end
    while true do
      local result = continue(j)
      if result then return result end
      if count >= max then return nil end
      j = step(j)
      if j == nil then return nil end
      count = count + 1
    end
  end
end

-- A repeat of anything else: each attempt pushes its iteration count and start on the node's
-- own stack, which the item's continuation reads (the item cannot re-enter its own repeat, and
-- what the continuation enters pushes above and pops before it returns).
local function compile_group_repeat(node, continue)
  local min, max, greedy = node.min, node.max, node.greedy
  local counts, starts, top = {}, {}, 0
  local attempt
  local item = compile(node[2], function(j)
    local count, start = counts[top], starts[top]
    -- A repetition beyond the minimum that consumed nothing is refused (ECMA-262 RepeatMatcher).
    if count >= min and j == start then return nil end
    return attempt(j, count + 1)
  end)
  attempt = function(i, count)
    top = top + 1
    counts[top], starts[top] = count, i
    local result
    if count < min then
      result = item(i)
    elseif greedy then
      if count < max then result = item(i) end
      if result == nil then result = continue(i) end
    else
      result = continue(i)
      if result == nil and count < max then result = item(i) end
    end
    top = top - 1
    return result
  end
  return function(i) return attempt(i, 0) end
end

-- Compiles a node followed by its continuation: the function matches the node at i, then the
-- continuation, and returns the match's end, or nil.
compile = function(node, continue)
  local kind = node[1]
  if kind == "literal" then
    local text = node.text
    local length = #text
    return function(i)
      if sub(subject, i, i + length - 1) == text then return continue(i + length) end
      return nil
    end
  elseif kind == "char" then
    local step = character_step(node)
    return function(i)
      local after = step(i)
      if after then return continue(after) end
      return nil
    end
  elseif kind == "sequence" then
    local matcher = continue
    for index = #node, 2, -1 do matcher = compile(node[index], matcher) end
    return matcher
  elseif kind == "choice" then
    local options = {}
    for index = 2, #node do options[#options + 1] = compile(node[index], continue) end
    return function(i)
      for index = 1, #options do
        local result = options[index](i)
        if result then return result end
      end
      return nil
    end
  elseif kind == "repeat" then
    if node[2][1] == "char" then return compile_character_repeat(node, continue) end
    return compile_group_repeat(node, continue)
  elseif kind == "capture" then
    -- Captures are never inside a repeat (the subset refuses it), so one pending start will do.
    local first, last, started = node.index * 2 - 1, node.index * 2, nil
    local item = compile(node[2], function(j)
      local saved_first, saved_last = captures[first], captures[last]
      captures[first], captures[last] = started, j
      local result = continue(j)
      if result == nil then captures[first], captures[last] = saved_first, saved_last end
      return result
    end)
    return function(i)
      started = i
      return item(i)
    end
  elseif kind == "boundary" then
    return function(i)
      if (i > 1 and is_word_at(i - 1)) ~= is_word_at(i) then return continue(i) end
      return nil
    end
  elseif kind == "not_ahead" then
    local item = compile(node[2], accept)
    return function(i)
      if item(i) then return nil end
      return continue(i)
    end
  elseif kind == "not_behind" then
    local width, target = node.width, nil
    local item = compile(node[2], function(j)
      if j == target then return j end
      return nil
    end)
    return function(i)
      local from = i - width
      if from >= 1 then
        target = i
        if item(from) then return nil end
      end
      return continue(i)
    end
  end
  error("redaction: unknown pattern node " .. tostring(kind))
end

-- Compiles a pattern's tree once, when the script loads.
local function prepare(compiled)
  compiled.match = compile(compiled.pattern, accept)
  if compiled.skip_run then compiled.skip_run = character_step(compiled.skip_run) end
  return compiled
end

-- The first match in subject at or after init: its start and the position after it.
local function find_match(compiled, init)
  local position = init
  while true do
    local start = find(subject, compiled.first, position)
    if start == nil then return nil end
    for index = 1, compiled.captures * 2 do captures[index] = nil end
    local stop = compiled.match(start)
    if stop then return start, stop end
    position = start + 1
    if compiled.skip_run then
      local run_end = start
      while true do
        local after = compiled.skip_run(run_end)
        if after == nil then break end
        run_end = after
      end
      if run_end > position then position = run_end end
    end
  end
end
`;
