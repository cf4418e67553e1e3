import type { Maintenance } from "../../core/status-model";
import { apiUrl } from "./api-url";

// Planned work must not page anyone: each maintenance window gets an Alertmanager silence
// (API v2) for its components, created when it is scheduled and expired if it is cancelled.

type Fetch = typeof fetch;

/** Escapes a component id for an RE2 alternative (ids are restricted, but dots are common). */
function regexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The silence body Alertmanager's POST /api/v2/silences takes. */
export function silenceFor(maintenance: Maintenance): Record<string, unknown> {
  return {
    matchers: [{ name: "component", value: maintenance.componentIds.map(regexLiteral).join("|"), isRegex: true, isEqual: true }],
    startsAt: maintenance.scheduledFor,
    endsAt: maintenance.scheduledUntil,
    createdBy: "vigil status page",
    comment: `Scheduled maintenance ${maintenance.id}: ${maintenance.name}`,
  };
}

export async function createSilence(alertmanagerUrl: string, maintenance: Maintenance, fetchImpl: Fetch = fetch): Promise<string> {
  const response = await fetchImpl(apiUrl("api/v2/silences", alertmanagerUrl), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(silenceFor(maintenance)),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`Alertmanager refused the silence: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { silenceID?: unknown };
  if (typeof body.silenceID !== "string") throw new Error("Alertmanager's answer has no silenceID");
  return body.silenceID;
}

export async function expireSilence(alertmanagerUrl: string, silenceId: string, fetchImpl: Fetch = fetch): Promise<void> {
  const response = await fetchImpl(apiUrl(`api/v2/silence/${encodeURIComponent(silenceId)}`, alertmanagerUrl), {
    method: "DELETE",
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok && response.status !== 404) throw new Error(`Alertmanager did not expire silence ${silenceId}: ${response.status}`);
}
