import { Counter, Gauge, Registry, type RegistryContentType } from "prom-client";
import type { ExpositionFormat } from "../exposition";
import { renderRegistry } from "../exposition";
import type { MetricSource, Sample } from "./source";

// A business metric's samples as exposition text. Each render defines the metric afresh on a
// registry of its own, never on the exporter's (exporter/metrics.ts): its series are whatever
// the last read returned, so a row that left the result leaves /metrics, and slices of one
// result render apart. prom-client still writes the text, so escaping and both formats match
// the exporter's own series.

export type RenderedMetric = Pick<MetricSource, "name" | "help" | "type" | "labelNames">;

/** Series rendered in one go; a few milliseconds of work on a small machine. */
const RENDER_SLICE = 250;

/**
 * The samples as one block ending in a newline, or "" for none. A result is rendered in slices
 * with a turn of the event loop between them, so a metric of thousands of series never holds
 * up a scrape for the whole render. Throws on a negative counter value.
 */
export async function renderSamples(
  metric: RenderedMetric,
  samples: Sample[],
  format: ExpositionFormat,
  defaultLabels: Record<string, string>,
): Promise<string> {
  // prom-client would write 0 for a label-less metric with no sample; no result means no series.
  if (samples.length === 0) return "";
  const parts: string[] = [];
  for (let start = 0; start < samples.length; start += RENDER_SLICE) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    const text = await renderSlice(metric, samples.slice(start, start + RENDER_SLICE), format, defaultLabels);
    // Every slice after the first drops its # HELP and # TYPE lines: one metric, one header.
    parts.push(start === 0 ? text : text.slice(nthIndexOf(text, "\n", 2) + 1));
  }
  return parts.join("");
}

async function renderSlice(metric: RenderedMetric, samples: Sample[], format: ExpositionFormat, defaultLabels: Record<string, string>): Promise<string> {
  const registry = new Registry() as Registry<RegistryContentType>;
  registry.setDefaultLabels(defaultLabels);
  const common = { name: metric.name, help: metric.help, labelNames: metric.labelNames, registers: [registry] };
  if (metric.type === "counter") {
    const counter = new Counter(common);
    for (const sample of samples) {
      if (sample.value < 0) throw new Error(`counter value ${sample.value} is negative`);
      counter.inc(sample.labels, sample.value);
    }
  } else {
    const gauge = new Gauge(common);
    for (const sample of samples) gauge.set(sample.labels, sample.value);
  }
  const text = await renderRegistry(registry, format);
  return text.endsWith("\n") ? text : `${text}\n`;
}

function nthIndexOf(text: string, search: string, n: number): number {
  let index = -1;
  for (let found = 0; found < n; found += 1) index = text.indexOf(search, index + 1);
  return index;
}
