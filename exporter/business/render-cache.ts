import type { ExpositionFormat } from "../exposition";
import { renderSamples, type RenderedMetric } from "./render";
import type { Sample } from "./source";

// What makes a scrape cheap: each read's result is rendered once per format (not per scrape),
// and the blocks of every source are joined once until one of them changes.

export interface RenderedResultInit {
  metric: RenderedMetric;
  samples: Sample[];
  defaultLabels: Record<string, string>;
  /** The Prometheus text, rendered when the read succeeded (a render error fails the read). */
  prometheus: string;
  succeededAt: number;
}

/** One source's last good result; OpenMetrics is rendered only when a scraper first asks for it. */
export class RenderedResult {
  readonly succeededAt: number;
  private readonly texts: Partial<Record<ExpositionFormat, Promise<string>>>;

  constructor(private readonly init: RenderedResultInit) {
    this.succeededAt = init.succeededAt;
    this.texts = { prometheus: Promise.resolve(init.prometheus) };
  }

  /** The same promise for a format on every call, which is what JoinedBodies keys on. */
  text(format: ExpositionFormat): Promise<string> {
    const cached = this.texts[format];
    if (cached) return cached;
    const render = renderSamples(this.init.metric, this.init.samples, format, this.init.defaultLabels);
    this.texts[format] = render;
    // A failed render is forgotten, so the next scrape tries again instead of failing forever.
    render.catch(() => (this.texts[format] === render ? delete this.texts[format] : undefined));
    return render;
  }
}

/**
 * The blocks joined, each preceded by the format's separator, as one Buffer per format that is
 * kept until a block changes (a new result, a source gone stale): most scrapes then copy bytes
 * and allocate nothing large.
 */
export class JoinedBodies {
  private readonly bodies = new Map<ExpositionFormat, { key: Promise<string>[]; body: Buffer }>();

  async join(format: ExpositionFormat, pending: Promise<string>[]): Promise<Buffer> {
    const cached = this.bodies.get(format);
    if (cached && cached.key.length === pending.length && cached.key.every((block, index) => block === pending[index])) {
      return cached.body;
    }
    const separator = format === "prometheus" ? "\n" : "";
    const blocks = settled(await Promise.allSettled(pending));
    // renderSamples ends every block with a newline, and settled() drops empty ones.
    const body = Buffer.from(blocks.map((block) => `${separator}${block}`).join(""));
    this.bodies.set(format, { key: pending, body });
    return body;
  }
}

/** The rendered blocks, without empty ones (no series) and failed ones (retried next scrape). */
export function settled(blocks: PromiseSettledResult<string>[]): string[] {
  return blocks.flatMap((block) => (block.status === "fulfilled" && block.value !== "" ? [block.value] : []));
}
