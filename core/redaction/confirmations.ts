import { isIPv4, isIPv6 } from "node:net";
import type { Confirmation } from "./value-patterns";

// The JavaScript side of the confirmations the value patterns name (the Lua side is in
// synth/logs/redaction-lua-confirmations.ts): the number-shaped patterns are confirmed by their
// checksum, so that ids, timestamps and order numbers stay.

/** A Luhn-valid number with a card issuer's prefix: 4 Visa, 51–55/22–27 Mastercard, 34/37 Amex, 6 Discover. */
export function isCardNumber(candidate: string): boolean {
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
export function isIban(candidate: string): boolean {
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

/**
 * A valid IPv6 address that is not a name: "Cafe::Bad" parses as IPv6 but reads as a Ruby or
 * C++ scope, so a short form (two colons) must hold a digit to count.
 */
export function isLikelyIPv6(candidate: string): boolean {
  if (!isIPv6(candidate)) return false;
  return (candidate.match(/:/g)?.length ?? 0) >= 3 || /\d/.test(candidate);
}

export const CONFIRMATIONS: Readonly<Record<Confirmation, (candidate: string) => boolean>> = {
  card_number: isCardNumber,
  iban: isIban,
  ip_address: (candidate) => isIPv4(candidate) || isLikelyIPv6(candidate),
};
