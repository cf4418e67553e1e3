import { dsnFromString, type DsnComponents } from "@sentry/core";
import type { RejectReason } from "./outcomes";

/** Where an allowed project's envelopes go, all of it taken from configuration. */
export interface ProjectTarget {
  projectId: string;
  publicKey: string;
  /** The `project` label on the relay's metrics. */
  name: string;
  /** scheme://host[:port] of the upstream Sentry: the key of its connection pool. */
  origin: string;
  /** Path and query of the envelope endpoint, with the public key as Sentry's SDKs send it. */
  path: string;
}

export type Identified = { ok: true; target: ProjectTarget } | { ok: false; reason: RejectReason; message: string };

const NOT_ALLOWED: Identified = { ok: false, reason: "dsn_not_allowed", message: "DSN not allowed" };

interface AllowedEntry {
  dsn: DsnComponents;
  target: ProjectTarget;
}

/**
 * The DSNs the relay forwards for.
 * SECURITY: this is what keeps the relay from being an open proxy. The upstream URL comes from
 * the configured entry that matched, never from the envelope or the request, so a caller can
 * only ever reach the configured Sentry projects.
 */
export class DsnAllowList {
  private readonly entries: AllowedEntry[];

  constructor(allowed: ReadonlyArray<{ dsn: string; name?: string | undefined }>, upstreamOrigin?: string) {
    this.entries = allowed.map(({ dsn, name }) => {
      const parsed = dsnFromString(dsn);
      if (!parsed?.publicKey) throw new Error(`relay.allowedDsns: ${JSON.stringify(dsn)} is not a Sentry DSN with a public key`);
      const publicKey = parsed.publicKey;
      const origin = upstreamOrigin ? new URL(upstreamOrigin).origin : `${parsed.protocol}://${parsed.host}${parsed.port ? `:${parsed.port}` : ""}`;
      const prefix = parsed.path ? `/${parsed.path}` : "";
      const key = encodeURIComponent(publicKey);
      return {
        dsn: parsed,
        target: {
          projectId: parsed.projectId,
          publicKey,
          name: name ?? parsed.projectId,
          origin,
          path: `${prefix}/api/${parsed.projectId}/envelope/?sentry_key=${key}&sentry_version=7`,
        },
      };
    });
  }

  /** Every upstream origin, for the connection pools. */
  origins(): string[] {
    return [...new Set(this.entries.map((entry) => entry.target.origin))];
  }

  /**
   * The tunnel path: the browser SDK names its DSN in the envelope header, and that DSN alone
   * says whose the envelope is.
   */
  forTunnel(headerDsn: unknown): Identified {
    if (typeof headerDsn !== "string" || headerDsn === "") {
      return { ok: false, reason: "no_dsn", message: "the envelope header names no DSN" };
    }
    const entry = this.allowedEntry(headerDsn);
    if (!entry) return NOT_ALLOWED;
    return { ok: true, target: entry.target };
  }

  /**
   * /api/<project_id>/envelope/: server SDKs whose DSN names the relay send the project in the
   * path and the public key in `sentry_key` or X-Sentry-Auth. Most put no DSN in the envelope
   * header (the JavaScript SDKs only do with a tunnel); one that does is held to the tunnel's rule.
   */
  forProjectPath(projectId: string, publicKey: string | undefined, headerDsn: unknown): Identified {
    if (headerDsn === undefined) {
      if (!publicKey) return { ok: false, reason: "no_dsn", message: "no public key: expected sentry_key, X-Sentry-Auth or an allowed DSN in the envelope header" };
      const entry = this.entries.find((candidate) => candidate.target.projectId === projectId && candidate.target.publicKey === publicKey);
      if (!entry) return NOT_ALLOWED;
      return { ok: true, target: entry.target };
    }
    // SECURITY: an envelope that names a host vigil does not relay for is refused here as on the
    // tunnel, rather than reaching Sentry with a header that contradicts the request.
    const entry = this.allowedEntry(headerDsn);
    if (!entry) return NOT_ALLOWED;
    // An envelope posted for one project that names another in its header is refused, not re-routed.
    if (entry.target.projectId !== projectId || (publicKey !== undefined && publicKey !== entry.target.publicKey)) {
      return { ok: false, reason: "dsn_not_allowed", message: "the envelope header's DSN does not match the request" };
    }
    return { ok: true, target: entry.target };
  }

  /**
   * The one DSN rule, on both paths: a DSN in an envelope header must be an allowed DSN exactly
   * (scheme, host, port, path, project id and public key). With `upstreamOrigin` set it is still
   * the allowed DSN's host (Sentry's) that must match, not the origin envelopes are sent to.
   */
  private allowedEntry(headerDsn: unknown): AllowedEntry | undefined {
    if (typeof headerDsn !== "string") return undefined;
    const dsn = dsnFromString(headerDsn);
    return dsn && this.entries.find((candidate) => sameDsn(candidate.dsn, dsn));
  }
}

function sameDsn(a: DsnComponents, b: DsnComponents): boolean {
  return (
    a.protocol === b.protocol &&
    a.host.toLowerCase() === b.host.toLowerCase() &&
    (a.port ?? "") === (b.port ?? "") &&
    (a.path ?? "") === (b.path ?? "") &&
    a.projectId === b.projectId &&
    a.publicKey === b.publicKey
  );
}

/** The public key from `?sentry_key=` or an `X-Sentry-Auth: Sentry sentry_key=…` header. */
export function publicKeyFromRequest(query: unknown, authHeader: string | string[] | undefined): string | undefined {
  const fromQuery = (query as Record<string, unknown> | undefined)?.sentry_key;
  if (typeof fromQuery === "string" && fromQuery !== "") return fromQuery;
  const header = Array.isArray(authHeader) ? authHeader[0] : authHeader;
  return header?.match(/sentry_key=([^,\s]+)/)?.[1];
}
