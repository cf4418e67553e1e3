// What happened to each envelope, as the `outcome` and `reason` labels of
// vigil_sentry_envelopes_total. Closed unions: a label value nobody declared cannot appear.

export type Outcome = "forwarded" | "rejected" | "rate_limited" | "upstream_error";

/** Why an envelope was refused (outcome `rejected`). */
export type RejectReason =
  | "body_too_large"
  | "body_timeout"
  | "body_aborted"
  | "unsupported_encoding"
  | "bad_encoding"
  | "decompressed_too_large"
  | "malformed"
  | "item_too_large"
  | "no_dsn"
  | "dsn_not_allowed"
  | "origin_not_allowed"
  /** The relay's byte budget is spent (exporter/relay/byte-budget.ts): mostly while Sentry is slow. */
  | "relay_busy";

/** Why an envelope was turned away for rate (outcome `rate_limited`). */
export type RateLimitReason = "client" | "upstream_limit_active" | "upstream_429";

/** Why forwarding failed (outcome `upstream_error`). */
export type UpstreamErrorReason = "queue_full" | "unreachable" | "timeout" | "status_4xx" | "status_5xx";

/** `forwarded` envelopes say whether the scrubber changed them. */
export type ForwardReason = "unchanged" | "scrubbed";

export type Verdict =
  | { outcome: "forwarded"; reason: ForwardReason }
  | { outcome: "rejected"; reason: RejectReason }
  | { outcome: "rate_limited"; reason: RateLimitReason }
  | { outcome: "upstream_error"; reason: UpstreamErrorReason };
