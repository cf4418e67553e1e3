import { AUTHORIZATION_HEADERS, COOKIE_HEADERS, FILTERED, normalizeKey, SAFE_KEYS, SENSITIVE_KEY_PARTS } from "../../core/redaction/keys";
import { luaString } from "./lua-syntax";

// The record side of the Lua filter: which keys are sensitive (core/redaction/keys.ts, as the
// relay decides), the walk over a record at any depth (as the relay walks an event), and what
// only a log needs: a line that was not JSON is one string, so sensitive names are looked for
// inside text too (key=value, key: value, "key": "value", header lines).

export interface RedactionKeyOptions {
  /** Extra sensitive key names (substrings, case-insensitive), as the relay's scrub.sensitiveFields. */
  sensitiveFields: readonly string[];
  /** Extra key names never redacted (exact, case-insensitive), as the relay's scrub.safeFields. */
  safeFields: readonly string[];
}

/**
 * The relay removes request.cookies and the cookie and authorization headers of a Sentry
 * event's request; a log has no such place, so the filter takes these names as sensitive keys
 * wherever they are (exact, normalized).
 */
const LOG_SENSITIVE_KEYS = [...COOKIE_HEADERS, ...AUTHORIZATION_HEADERS, "cookies"];
/** Header names whose value, in a "Name: value" line, runs to the end of the line ("Cookie: a=b; c=d"). */
const HEADER_KEYS = [...COOKIE_HEADERS, ...AUTHORIZATION_HEADERS];

const luaList = (names: readonly string[]) => `{ ${names.map(luaString).join(", ")} }`;
const luaSet = (names: readonly string[]) => `{ ${[...new Set(names)].map((name) => `[${luaString(name)}] = true`).join(", ")} }`;

/** The key tables, with a configuration's extra fields normalized as the relay normalizes them. */
export function luaKeyTables(options: RedactionKeyOptions): string {
  return [
    `local FILTERED = ${luaString(FILTERED)}`,
    "-- Substrings of the normalized key (the relay's defaults, then the configured ones).",
    `local SENSITIVE_KEY_PARTS = ${luaList([...SENSITIVE_KEY_PARTS, ...options.sensitiveFields.map(normalizeKey)])}`,
    "-- Exact normalized keys whose values are kept whole.",
    `local SAFE_KEYS = ${luaSet([...SAFE_KEYS, ...options.safeFields.map(normalizeKey)])}`,
    `local LOG_SENSITIVE_KEYS = ${luaSet(LOG_SENSITIVE_KEYS)}`,
    `local HEADER_KEYS = ${luaSet(HEADER_KEYS)}`,
  ].join("\n");
}

export const RECORDS_LUA = String.raw`
local lower, gsub, pairs, type, pcall = string.lower, string.gsub, pairs, type, pcall

-- Each value rule in order, each on the string as the rules before left it, when its clues hold.
local function clues_hold(clues, text)
  for index = 1, #clues do
    local clue = clues[index]
    if clue.contains then
      if not find(text, clue.contains, 1, true) then return false end
    elseif clue.any_of then
      local found = false
      for option = 1, #clue.any_of do
        if find(text, clue.any_of[option]) then
          found = true
          break
        end
      end
      if not found then return false end
    else
      subject = text
      if find_match(clue.matches, 1) == nil then return false end
    end
  end
  return true
end

local function replacement_for(rule, start, stop)
  if rule.confirm and not CONFIRMATIONS[rule.confirm](sub(subject, start, stop - 1)) then return nil end
  local parts, pieces = rule.replacement, {}
  for index = 1, #parts do
    local part = parts[index]
    if type(part) == "string" then
      pieces[index] = part
    else
      local first, after = captures[part.group * 2 - 1], captures[part.group * 2]
      pieces[index] = first and sub(subject, first, after - 1) or ""
    end
  end
  return concat(pieces)
end

-- Every match replaced; a match its confirmation refuses is kept, and the scan goes on after it.
local function apply_rule(rule, text)
  subject = text
  local pieces, kept_from, position = nil, 1, 1
  while true do
    local start, stop = find_match(rule, position)
    if start == nil then break end
    local replacement = replacement_for(rule, start, stop)
    if replacement then
      pieces = pieces or {}
      pieces[#pieces + 1] = sub(text, kept_from, start - 1)
      pieces[#pieces + 1] = replacement
      kept_from = stop
    end
    position = stop
  end
  if pieces == nil then return text end
  pieces[#pieces + 1] = sub(text, kept_from)
  return concat(pieces)
end

local function scrub_values(text)
  for index = 1, #VALUE_RULES do
    local rule = VALUE_RULES[index]
    if clues_hold(rule.clues, text) then text = apply_rule(rule, text) end
  end
  return text
end

-- Keys, as the relay compares them: lower case, dashes and spaces as underscores. JavaScript's
-- toLowerCase turns two non-ASCII letters into ASCII: the Kelvin sign (U+212A) into "k", and
-- U+0130 into "i" and a combining dot (U+0307); string.lower lowers ASCII only, and every other
-- letter JavaScript lowers stays non-ASCII, so cannot complete an ASCII key name either way.
local function normalize_key(key)
  local unfolded = gsub(gsub(key, "\226\132\170", "k"), "\196\176", "i\204\135")
  return (gsub(lower(unfolded), "[%- ]", "_"))
end

local function decide_key_rule(normalized)
  if SAFE_KEYS[normalized] then return "safe" end
  for index = 1, #SENSITIVE_KEY_PARTS do
    if find(normalized, SENSITIVE_KEY_PARTS[index], 1, true) then return "sensitive" end
  end
  if LOG_SENSITIVE_KEYS[normalized] then return "sensitive" end
  return false
end

-- Records repeat the same few keys: the decision is cached, the cache bounded because keys come from the logs.
local KEY_CACHE_SIZE = 4096
local key_rules, cached_keys = {}, 0
local function key_rule(key)
  local rule = key_rules[key]
  if rule ~= nil then return rule end
  rule = decide_key_rule(normalize_key(key))
  if cached_keys >= KEY_CACHE_SIZE then key_rules, cached_keys = {}, 0 end
  key_rules[key] = rule
  cached_keys = cached_keys + 1
  return rule
end

-- Log-only: sensitive names inside text. A name is letters, digits and _ . - [ ] (so
-- "user.password" and "params[password]" count), maybe quoted, then "=" or ":".
local NAME_BYTES = {}
for b in ("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.-[]"):gmatch(".") do NAME_BYTES[byte(b)] = true end
-- Where an unquoted value ends: a space, a query string's "&", a list's "," or ";", a quote, a
-- closing bracket. The spaces are listed rather than %s, which the C locale could widen.
local VALUE_END = "[ \t\n\v\f\r&,;\"'%)%]}]"

local function is_blank(b) return b == 32 or b == 9 end

-- The closing quote of a value quoted at open (a backslash escapes the byte after it).
local function closing_quote(text, open, quote)
  local pattern = quote == 34 and '["\\]' or "['\\]"
  local position = open + 1
  while true do
    local at = find(text, pattern, position)
    if at == nil then return nil end
    if byte(text, at) == 92 then position = at + 2 else return at end
  end
end

-- The value after a sensitive name's separator: its first and last byte (last < first when it
-- is empty) and where the scan goes on.
local function value_span(text, separator, header)
  local first = separator + 1
  while is_blank(byte(text, first)) do first = first + 1 end
  local b = byte(text, first)
  if b == nil then return first, first - 1, first end
  if b == 34 or b == 39 then
    local close = closing_quote(text, first, b)
    if close == nil then return first + 1, #text, #text + 1 end
    return first + 1, close - 1, close + 1
  end
  if b == 92 and byte(text, first + 1) == 34 then
    -- \"value\": JSON inside a string inside the line.
    local close = find(text, '\\"', first + 2, true)
    if close == nil then return first + 2, #text, #text + 1 end
    return first + 2, close - 1, close + 2
  end
  if header and byte(text, separator) == 58 then
    -- "Cookie: a=b; c=d", "Authorization: Basic dXNlcg==": the rest of the line.
    local line_end = find(text, "[\r\n]", first)
    local last = (line_end or #text + 1) - 1
    return first, last, last + 1
  end
  -- A replacement the value patterns left ([email], [ip]...) is the whole value.
  local _, marker_end = find(text, "^%[[A-Za-z]+%]", first)
  if marker_end then return first, marker_end, marker_end + 1 end
  local stop = find(text, VALUE_END, first)
  local last = (stop or #text + 1) - 1
  return first, last, last + 1
end

local function redact_key_values(text)
  if not find(text, "[=:]") then return text end
  local pieces, kept_from, position = nil, 1, 1
  while true do
    local separator = find(text, "[=:]", position)
    if separator == nil then break end
    position = separator + 1
    -- Back from the separator: blanks, a closing quote (maybe escaped), the name.
    local name_last = separator - 1
    while name_last >= 1 and is_blank(byte(text, name_last)) do name_last = name_last - 1 end
    local quote = name_last >= 1 and byte(text, name_last) or nil
    local quoted = quote == 34 or quote == 39
    if quoted then
      name_last = name_last - 1
      if name_last >= 1 and byte(text, name_last) == 92 then name_last = name_last - 1 end
    end
    local before_name = name_last
    while before_name >= 1 and NAME_BYTES[byte(text, before_name)] do before_name = before_name - 1 end
    local opened = not quoted or (before_name >= 1 and byte(text, before_name) == quote)
    if before_name < name_last and opened then
      local name = sub(text, before_name + 1, name_last)
      if key_rule(name) == "sensitive" then
        local first, last, resume = value_span(text, separator, HEADER_KEYS[normalize_key(name)])
        if last >= first and sub(text, first, last) ~= FILTERED then
          pieces = pieces or {}
          pieces[#pieces + 1] = sub(text, kept_from, first - 1)
          pieces[#pieces + 1] = FILTERED
          kept_from = last + 1
        end
        position = resume
      end
    end
  end
  if pieces == nil then return text end
  pieces[#pieces + 1] = sub(text, kept_from)
  return concat(pieces)
end

local function redact_text_unprotected(text)
  return redact_key_values(scrub_values(text))
end

-- Fails closed: a string the matcher could not finish (Lua's stack, say) does not leave the host as it was.
local function redact_text(text)
  local ok, result = pcall(redact_text_unprotected, text)
  if ok then return result end
  return FILTERED
end

-- Nesting beyond this is replaced whole, as the relay does: a walk that deep would only serve an attacker.
local MAX_DEPTH = 64

-- A Fluent Bit array (a msgpack array) arrives as a table keyed 1..n; nulls leave holes.
local function array_length(value)
  local length = 0
  for key in pairs(value) do
    if type(key) ~= "number" or key < 1 or key % 1 ~= 0 then return nil end
    if key > length then length = key end
  end
  return length
end

-- Sentry's normalized form of headers and query strings, [[name, value], ...]: the name decides.
local function is_pair(value)
  return type(value) == "table" and array_length(value) == 2 and type(value[1]) == "string"
end

-- The value, redacted, and whether it changed; tables are changed in place.
local walk
walk = function(value, key, depth)
  local kind = type(value)
  -- Numbers, booleans and nulls stay, as in the relay, even under a sensitive key.
  if kind ~= "string" and kind ~= "table" then return value, false end
  if key ~= nil then
    local rule = key_rule(key)
    if rule == "safe" then return value, false end
    if rule == "sensitive" then return FILTERED, value ~= FILTERED end
  end
  if kind == "string" then
    local redacted = redact_text(value)
    return redacted, redacted ~= value
  end
  if depth > MAX_DEPTH then return FILTERED, true end
  local changed = false
  local length = array_length(value)
  if length then
    for index = 1, length do
      local element = value[index]
      if is_pair(element) then
        local redacted, element_changed = walk(element[2], element[1], depth + 2)
        if element_changed then element[2], changed = redacted, true end
      elseif element ~= nil then
        local redacted, element_changed = walk(element, nil, depth + 1)
        if element_changed then value[index], changed = redacted, true end
      end
    end
  else
    for child_key, child in pairs(value) do
      local redacted, child_changed = walk(child, type(child_key) == "string" and child_key or nil, depth + 1)
      if child_changed then value[child_key], changed = redacted, true end
    end
  end
  return value, changed
end
`;
