import type { Confirmation } from "../../core/redaction/value-patterns";

// The Lua side of the confirmations the value patterns name, the same arithmetic as
// core/redaction/confirmations.ts (the parity test runs both on the same candidates). Each
// receives what the rule's pattern matched, so it sees only the characters that pattern admits.

const LUA_CONFIRMATIONS: Readonly<Record<Confirmation, string>> = {
  card_number: String.raw`
-- A Luhn-valid number with a card issuer's prefix: 4 Visa, 51-55/22-27 Mastercard, 34/37 Amex, 6 Discover.
local function is_card_number(candidate)
  local digits = (candidate:gsub("[ %-]", ""))
  local length = #digits
  if length < 13 or length > 19 then return false end
  if not (digits:find("^4") or digits:find("^5[1-5]") or digits:find("^2[2-7]") or digits:find("^3[47]") or digits:find("^6")) then
    return false
  end
  local sum = 0
  for index = 0, length - 1 do
    local digit = digits:byte(length - index) - 48
    if index % 2 == 1 then
      digit = digit * 2
      if digit > 9 then digit = digit - 9 end
    end
    sum = sum + digit
  end
  return sum % 10 == 0
end`,
  iban: String.raw`
-- ISO 13616: the first four characters moved to the end, letters as numbers (A = 10), remainder mod 97 is 1.
local function is_iban(candidate)
  local compact = (candidate:gsub(" ", ""))
  if #compact < 15 or #compact > 34 then return false end
  local rearranged = compact:sub(5) .. compact:sub(1, 4)
  local remainder = 0
  for index = 1, #rearranged do
    local code = rearranged:byte(index)
    if code >= 65 then
      -- A letter is two digits (10-35): shifting by both at once is the same remainder.
      remainder = (remainder * 100 + code - 55) % 97
    else
      remainder = (remainder * 10 + code - 48) % 97
    end
  end
  return remainder == 1
end`,
  ip_address: String.raw`
-- Node's net.isIPv4: four decimal octets 0-255, none with a leading zero.
local function is_ipv4(candidate)
  local octets = { candidate:match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$") }
  if #octets ~= 4 then return false end
  for index = 1, 4 do
    local octet = octets[index]
    if #octet > 3 or (#octet > 1 and octet:byte(1) == 48) or tonumber(octet) > 255 then return false end
  end
  return true
end

-- The groups of one side of an IPv6 address ("" has none): their count, or nil if one is not 1-4 hex digits.
local function ipv6_groups(side)
  if side == "" then return 0 end
  local count = 0
  for group in (side .. ":"):gmatch("([^:]*):") do
    if #group < 1 or #group > 4 then return nil end
    count = count + 1
  end
  return count
end

-- Node's net.isIPv6 for what the ip pattern matches (hex digits and colons, no dotted quad, no zone):
-- eight groups, or fewer around one "::".
local function is_ipv6(candidate)
  if candidate:find("[^%x:]") then return false end
  local double = candidate:find("::", 1, true)
  if double == nil then return ipv6_groups(candidate) == 8 end
  if candidate:find("::", double + 1, true) then return false end
  local left, right = ipv6_groups(candidate:sub(1, double - 1)), ipv6_groups(candidate:sub(double + 2))
  return left ~= nil and right ~= nil and left + right <= 7
end

-- An IPv6 address that is not a name: "Cafe::Bad" parses as IPv6 but reads as a Ruby or C++
-- scope, so a short form (two colons) must hold a digit to count.
local function is_likely_ipv6(candidate)
  if not is_ipv6(candidate) then return false end
  local _, colons = candidate:gsub(":", "")
  return colons >= 3 or candidate:find("%d") ~= nil
end

local function is_ip_address(candidate)
  return is_ipv4(candidate) or is_likely_ipv6(candidate)
end`,
};

const LUA_FUNCTION_OF: Readonly<Record<Confirmation, string>> = {
  card_number: "is_card_number",
  iban: "is_iban",
  ip_address: "is_ip_address",
};

/** The confirmation functions and the table CONFIRMATIONS the rules name them by. */
export function luaConfirmations(): string {
  const names = Object.keys(LUA_CONFIRMATIONS) as Confirmation[];
  const table = names.map((name) => `  ${name} = ${LUA_FUNCTION_OF[name]},`).join("\n");
  return `${names.map((name) => LUA_CONFIRMATIONS[name].trim()).join("\n\n")}\n\nlocal CONFIRMATIONS = {\n${table}\n}`;
}
