// Runs a rendered Lua script with Debian's LuaJIT (the VM Fluent Bit's lua filter embeds), for
// the tests of the log shipper's redaction filter: inputs go in as Lua table literals written
// from TypeScript, outputs come back as JSON lines a small encoder in the harness writes.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { luaString } from "../../synth/logs/lua-syntax";

/** A value as a Lua literal: objects as tables with string keys, arrays as sequences. JSON's null has no Lua form here. */
export function toLuaLiteral(value: unknown): string {
  if (typeof value === "string") return luaString(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`no Lua literal for ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `{ ${value.map(toLuaLiteral).join(", ")} }`;
  if (typeof value === "object" && value !== null) {
    const fields = Object.entries(value).map(([key, child]) => `[${luaString(key)}] = ${toLuaLiteral(child)}`);
    return `{ ${fields.join(", ")} }`;
  }
  throw new Error(`no Lua literal for ${String(value)} (Fluent Bit turns null into nil, a missing key)`);
}

/**
 * The harness: `luajit harness.lua <script> <mode> <inputs.lua>` loads the script as Fluent Bit
 * does (its chunk run once, the global function called per record) and keeps the chunk's
 * internals for the modes that test a part of it. One JSON value per input, one per line.
 */
const HARNESS = String.raw`
local script, mode, inputs_file = arg[1], arg[2], arg[3]
local internals = dofile(script)
local inputs = dofile(inputs_file)

local encode
local function encode_string(text)
  return '"' .. text:gsub('[%c"\\]', function(char)
    if char == '"' then return '\\"' end
    if char == "\\" then return "\\\\" end
    return string.format("\\u%04x", char:byte())
  end) .. '"'
end
local function is_sequence(value)
  local count = 0
  for key in pairs(value) do
    if type(key) ~= "number" then return false end
    count = count + 1
  end
  return count == #value
end
encode = function(value)
  local kind = type(value)
  if kind == "string" then return encode_string(value) end
  if kind == "number" then
    if value % 1 == 0 then return string.format("%d", value) end
    return string.format("%.17g", value)
  end
  if kind == "boolean" then return tostring(value) end
  if kind == "nil" then return "null" end
  if next(value) ~= nil and is_sequence(value) then
    local items = {}
    for index = 1, #value do items[index] = encode(value[index]) end
    return "[" .. table.concat(items, ",") .. "]"
  end
  local fields = {}
  for key, child in pairs(value) do fields[#fields + 1] = encode_string(tostring(key)) .. ":" .. encode(child) end
  table.sort(fields)
  return "{" .. table.concat(fields, ",") .. "}"
end

local function copy(value)
  if type(value) ~= "table" then return value end
  local result = {}
  for key, child in pairs(value) do result[key] = copy(child) end
  return result
end

local out = io.stdout
if mode == "records" then
  for index = 1, #inputs do
    local code, timestamp, record = redact("app.log", 1767225600.5, inputs[index])
    out:write(encode({ code = code, timestamp = timestamp, record = record }), "\n")
  end
elseif mode == "scrub_values" or mode == "redact_text" or mode == "key_rule" then
  for index = 1, #inputs do out:write(encode(internals[mode](inputs[index])), "\n") end
elseif mode == "confirm" then
  for index = 1, #inputs do
    local input = inputs[index]
    out:write(encode(internals.confirmations[input[1]](input[2])), "\n")
  end
elseif mode == "spaces" then
  -- Every BMP code point beyond ASCII (no surrogates), as UTF-8: those the matcher takes for a space.
  for code = 0x80, 0xFFFF do
    if code < 0xD800 or code > 0xDFFF then
      local utf8
      if code < 0x800 then
        utf8 = string.char(0xC0 + math.floor(code / 0x40), 0x80 + code % 0x40)
      else
        utf8 = string.char(0xE0 + math.floor(code / 0x1000), 0x80 + math.floor(code / 0x40) % 0x40, 0x80 + code % 0x40)
      end
      local length = internals.unicode_space_length(utf8)
      if length > 0 then out:write(encode({ code, length }), "\n") end
    end
  end
elseif mode == "bench" then
  local records, count = inputs.records, inputs.count
  local batch = {}
  for index = 1, count do batch[index] = copy(records[(index - 1) % #records + 1]) end
  local started = os.clock()
  local changed = 0
  for index = 1, count do
    if redact("app.log", 1767225600.5, batch[index]) == 2 then changed = changed + 1 end
  end
  out:write(encode({ seconds = os.clock() - started, records = count, changed = changed }), "\n")
else
  error("unknown mode " .. tostring(mode))
end
`;

export interface LuaHarness {
  /** Runs the harness in a mode over inputs; one parsed JSON value per input (per line of output). */
  run(mode: string, inputs: unknown): unknown[];
}

/** Writes the script and the harness into `directory`; a missing luajit fails with what to install. */
export function luaHarness(directory: string, script: string, name = "redact.lua"): LuaHarness {
  const scriptPath = join(directory, name);
  const harnessPath = join(directory, "harness.lua");
  writeFileSync(scriptPath, script);
  writeFileSync(harnessPath, HARNESS);
  let runs = 0;
  return {
    run(mode, inputs) {
      runs += 1;
      const inputsPath = join(directory, `inputs-${runs}.lua`);
      writeFileSync(inputsPath, `return ${toLuaLiteral(inputs)}\n`);
      const result = spawnSync("luajit", [harnessPath, scriptPath, mode, inputsPath], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
      if (result.error) {
        if ((result.error as NodeJS.ErrnoException).code === "ENOENT") {
          throw new Error("luajit is not installed: run `bash scripts/setup.sh` (Debian package luajit), which the log redaction tests need");
        }
        throw result.error;
      }
      if (result.status !== 0) throw new Error(`luajit ${mode} failed (${result.status}): ${result.stderr}`);
      return result.stdout
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as unknown);
    },
  };
}
