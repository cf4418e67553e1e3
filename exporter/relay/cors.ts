// CORS for browsers that post to the relay from another origin (vigil's public HTTPS entry).
// Same-origin tunnels (through the application's own reverse proxy) need none of it.

/** Request headers the SDKs send: the envelope's type, its compression, Sentry's auth header. */
const ALLOWED_REQUEST_HEADERS = ["content-type", "content-encoding", "x-sentry-auth"];

/**
 * The CORS headers for a request from `origin`, or "refused".
 * SECURITY: with an allow-list configured, a browser page from any other origin is refused, so
 * another site cannot spend the application's Sentry quota through the relay. Server SDKs send
 * no Origin and are unaffected; without a list, no CORS header is sent (same-origin only).
 */
export function corsHeaders(origin: string | undefined, allowedOrigins: readonly string[]): Record<string, string> | "refused" {
  if (origin === undefined || allowedOrigins.length === 0) return {};
  const normalized = normalizeOrigin(origin);
  if (!allowedOrigins.some((allowed) => normalizeOrigin(allowed) === normalized)) return "refused";
  return {
    "access-control-allow-origin": origin,
    vary: "Origin",
    "access-control-expose-headers": "retry-after, x-sentry-rate-limits",
  };
}

/** The answer to a preflight whose origin corsHeaders accepted. */
export function preflightHeaders(requested: string | undefined): Record<string, string> {
  const asked = (requested ?? "").split(",").map((name) => name.trim().toLowerCase()).filter(Boolean);
  return {
    "access-control-allow-methods": "POST",
    "access-control-allow-headers": asked.filter((name) => ALLOWED_REQUEST_HEADERS.includes(name)).join(", ") || "content-type",
    "access-control-max-age": "86400",
  };
}

function normalizeOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return origin;
  }
}
