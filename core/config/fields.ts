// Field types shared by the config sections: each carries the message a user reads when
// a value is wrong, so every section rejects a bad CIDR or port in the same words.
import { isIP } from "node:net";
import { z } from "zod";

function isCidr(value: string): boolean {
  const [address, bits, ...rest] = value.split("/");
  if (rest.length > 0 || address === undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) {
    return false;
  }
  const family = isIP(address);
  const prefix = Number(bits);
  return (family === 4 && prefix <= 32) || (family === 6 && prefix <= 128);
}

export const cidr = z.string().refine(isCidr, "expected a CIDR such as 203.0.113.7/32 or 2001:db8::/64");

/** host:port, where host is a DNS name or an IPv4 address. */
export const hostPort = z
  .string()
  .regex(
    /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:([1-9]\d{0,4})$/,
    // abort: without a host:port shape there is no port to range-check, so no second issue.
    { message: "expected host:port, e.g. 10.110.0.5:8000", abort: true },
  )
  .refine((value) => Number(value.split(":")[1]) <= 65535, "port must be 1-65535");

export const port = z.number().int().min(1, "port must be 1-65535").max(65535, "port must be 1-65535");


/** Lowercase name usable as a job label, a container name and a DNS label. */
export const slug = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, "expected lowercase letters, digits and dashes (2-32 chars)");


export const sshFingerprint = z
  .string()
  .regex(
    /^([0-9a-f]{2}:){15}[0-9a-f]{2}$|^SHA256:[A-Za-z0-9+/]{43}$/,
    "expected an SSH key fingerprint as DigitalOcean shows it (aa:bb:…, 16 pairs)",
  );

export const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });
