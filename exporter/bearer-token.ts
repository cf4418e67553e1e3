import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";

// The one place the exporter checks a bearer token: POST /events (the application's ingest
// token), the status webhook (Alertmanager's) and the admin API (the operator's) all use it,
// so a fix to the comparison reaches every guarded route.

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

/**
 * A bearer-token guard for a route's onRequest hook. SECURITY: it runs before the body is
 * read or parsed, so a caller without the token cannot make the exporter buffer or parse
 * anything. `onRefused` counts the refusal.
 */
export function requireBearerToken(token: string, onRefused?: () => void) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!bearerTokenMatches(request.headers.authorization, token)) {
      onRefused?.();
      reply.header("www-authenticate", "Bearer");
      return reply.code(401).send({ error: "a valid bearer token is required" });
    }
  };
}
