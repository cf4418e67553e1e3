import { Registry, type RegistryContentType } from "prom-client";

// /metrics in the Prometheus text format, or in OpenMetrics when the scraper asks for it
// (Prometheus does, in its Accept header, when scrape_protocols lists OpenMetrics first).

export type ExpositionFormat = "prometheus" | "openmetrics";

export const CONTENT_TYPES: Record<ExpositionFormat, string> = {
  prometheus: Registry.PROMETHEUS_CONTENT_TYPE,
  openmetrics: Registry.OPENMETRICS_CONTENT_TYPE,
};

const EOF_LINE = "# EOF\n";

/** OpenMetrics only when the Accept header names it with a non-zero q. */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  if (!accept) return "prometheus";
  for (const part of accept.split(",")) {
    const [type, ...params] = part.trim().split(";").map((piece) => piece.trim());
    if (type?.toLowerCase() !== "application/openmetrics-text") continue;
    const q = params.find((param) => param.startsWith("q="));
    if (q === undefined || Number(q.slice(2)) > 0) return "openmetrics";
  }
  return "prometheus";
}

// prom-client renders OpenMetrics by renaming each counter in place (it strips `_total`) and
// never renames it back, so a later text-format scrape would lose the suffix. Renders are
// serialized and the names restored, so one registry can answer in both formats.
// The queue is per registry: a render of one registry never waits for another's.
const renderQueues = new WeakMap<object, Promise<unknown>>();

/** The registry's metrics in `format`, without OpenMetrics' closing `# EOF` (see joinExposition). */
export function renderRegistry(registry: Registry<RegistryContentType>, format: ExpositionFormat): Promise<string> {
  const render = async (): Promise<string> => {
    if (format === "prometheus") return registry.metrics();
    // The typings say MetricType (an enum); at run time prom-client stores the string.
    const counters = registry.getMetricsAsArray().filter((metric) => (metric.type as unknown as string) === "counter");
    const names = counters.map((metric) => metric.name);
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    try {
      const text = await registry.metrics();
      return text.endsWith(EOF_LINE) ? text.slice(0, -EOF_LINE.length) : text;
    } finally {
      registry.setContentType(Registry.PROMETHEUS_CONTENT_TYPE);
      counters.forEach((metric, index) => ((metric as { name: string }).name = names[index] as string));
    }
  };
  const queue = renderQueues.get(registry) ?? Promise.resolve();
  const result = queue.then(render, render);
  renderQueues.set(registry, result.catch(() => undefined));
  return result;
}

const EOF_BYTES = Buffer.from(EOF_LINE);
const NOTHING = Buffer.alloc(0);

/**
 * One /metrics document: the exporter's own metrics, then the business blocks (each already
 * preceded by the format's separator, see BusinessCollector.expositionBody); OpenMetrics gets
 * its single closing `# EOF`.
 */
export function joinExposition(format: ExpositionFormat, own: string, business: Buffer = NOTHING): Buffer {
  const head = Buffer.from(own.endsWith("\n") ? own : `${own}\n`);
  return Buffer.concat([head, business, format === "openmetrics" ? EOF_BYTES : NOTHING]);
}
