/**
 * An API path resolved against a configured base URL. The base may or may not end in "/";
 * without one, new URL() would drop its last segment (a path prefix such as /alertmanager).
 */
export function apiUrl(path: string, base: string): URL {
  return new URL(path, base.endsWith("/") ? base : `${base}/`);
}
