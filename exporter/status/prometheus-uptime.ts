import { apiUrl } from "./api-url";
import { type MatrixSeries, UPTIME_DAYS, UPTIME_QUERIES, type UptimeSamples, uptimeDays } from "../../status-page/uptime";

// Reads the 90 days the uptime bars need from Prometheus: one range query per signal, at a
// step coarse enough to stay under Prometheus's 11,000 points per series.

type Fetch = typeof fetch;

export const UPTIME_STEP_SECONDS = 900;

async function queryRange(prometheusUrl: string, query: string, start: number, end: number, fetchImpl: Fetch): Promise<MatrixSeries[]> {
  const url = apiUrl("api/v1/query_range", prometheusUrl);
  url.searchParams.set("query", query);
  url.searchParams.set("start", String(start));
  url.searchParams.set("end", String(end));
  url.searchParams.set("step", String(UPTIME_STEP_SECONDS));
  const response = await fetchImpl(url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`Prometheus answered ${response.status} to ${query}`);
  const body = (await response.json()) as { status?: string; data?: { resultType?: string; result?: unknown } };
  if (body.status !== "success" || body.data?.resultType !== "matrix" || !Array.isArray(body.data.result)) {
    throw new Error(`Prometheus returned no matrix for ${query}`);
  }
  return (body.data.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>).map((series) => ({
    metric: series.metric,
    values: series.values.map(([time, value]) => [Number(time), value] as [number, string]),
  }));
}

export async function fetchUptimeSamples(prometheusUrl: string, now: Date, fetchImpl: Fetch = fetch): Promise<UptimeSamples> {
  const [first = 0] = uptimeDays(now, UPTIME_DAYS);
  // Aligned to the step, so the same instant lands in the same slot on every refresh.
  const end = Math.floor(now.getTime() / 1_000 / UPTIME_STEP_SECONDS) * UPTIME_STEP_SECONDS;
  const [alerts, probes, watched] = await Promise.all([
    queryRange(prometheusUrl, UPTIME_QUERIES.alerts, first, end, fetchImpl),
    queryRange(prometheusUrl, UPTIME_QUERIES.probes, first, end, fetchImpl),
    queryRange(prometheusUrl, UPTIME_QUERIES.watched, first, end, fetchImpl),
  ]);
  return { stepSeconds: UPTIME_STEP_SECONDS, alerts, probes, watched };
}
