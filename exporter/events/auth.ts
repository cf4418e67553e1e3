import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether an Authorization header carries the bearer token.
 * SECURITY: both sides are hashed to equal-length digests and compared with
 * timingSafeEqual, so neither the token's content nor its length leaks through timing.
 */
export function bearerTokenMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer ([^\s]+)$/i.exec(authorization?.trim() ?? "");
  const supplied = match?.[1] ?? "";
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  const equal = timingSafeEqual(digest(supplied), digest(token));
  return equal && supplied.length > 0;
}
