import type { Counter, Registry, RegistryContentType } from "prom-client";
import type { EventDefinition } from "../../core/exporter/business-definitions";
import { OVERFLOW_LABEL_VALUE } from "../../core/exporter/business-definitions";
import { registerEventCounter, type EventMetrics } from "./metrics";

// Application events posted to POST /events: each declared event is a counter with the
// labels it declares. A batch is checked whole before anything is counted, so a rejected
// batch changes nothing and the caller can resend it once fixed.

/** Longest label value kept; longer values are rejected (they are ids, not categories). */
export const MAX_LABEL_VALUE_LENGTH = 128;
/** Most events in one batch. */
export const MAX_BATCH_EVENTS = 1_000;
/**
 * Largest increment one event may carry. A counter only grows, so one absurd value (1e308)
 * would leave it at +Inf until the exporter restarts; a real event counts units, not that.
 */
export const MAX_EVENT_VALUE = 1_000_000;

export interface IngestedEvent {
  event: string;
  labels: Record<string, string>;
  value: number;
}

export type IngestResult =
  | { status: 202; accepted: number; folded: number }
  | { status: 400; error: string };

interface EventState {
  definition: EventDefinition;
  counter: Counter<string>;
  /** Values seen per label, up to the cap. */
  seen: Map<string, Set<string>>;
}

export class EventIngest {
  private readonly events = new Map<string, EventState>();

  constructor(
    definitions: EventDefinition[],
    registry: Registry<RegistryContentType>,
    private readonly metrics: Pick<EventMetrics, "eventLabelsFolded">,
  ) {
    for (const definition of definitions) {
      const counter = registerEventCounter(definition, registry);
      this.events.set(definition.name, { definition, counter, seen: new Map(definition.labels.map((label) => [label, new Set()])) });
    }
  }

  /** Checks a posted body and, when every event in it is valid, counts them all. */
  ingest(body: unknown): IngestResult {
    const parsed = this.validate(body);
    if ("error" in parsed) return { status: 400, error: parsed.error };
    let folded = 0;
    for (const item of parsed.events) {
      const state = this.events.get(item.event)!;
      const labels: Record<string, string> = {};
      for (const label of state.definition.labels) {
        const value = item.labels[label] ?? "";
        const kept = this.capped(state, label, value);
        if (kept !== value) folded += 1;
        labels[label] = kept;
      }
      state.counter.inc(labels, item.value);
    }
    return { status: 202, accepted: parsed.events.length, folded };
  }

  // A label keeps its first `cardinalityCap` distinct values; any later new value is counted
  // as `other`, so a caller sending ids cannot grow Prometheus without bound.
  private capped(state: EventState, label: string, value: string): string {
    const seen = state.seen.get(label)!;
    if (seen.has(value)) return value;
    if (seen.size < state.definition.cardinalityCap) {
      seen.add(value);
      return value;
    }
    this.metrics.eventLabelsFolded.inc({ event: state.definition.name, label });
    return OVERFLOW_LABEL_VALUE;
  }

  private validate(body: unknown): { events: IngestedEvent[] } | { error: string } {
    if (!Array.isArray(body)) return { error: "expected a JSON array of {event, labels, value?}" };
    if (body.length === 0) return { error: "the batch is empty" };
    if (body.length > MAX_BATCH_EVENTS) return { error: `a batch holds at most ${MAX_BATCH_EVENTS} events, not ${body.length}` };
    const events: IngestedEvent[] = [];
    for (const [index, item] of body.entries()) {
      const at = `[${index}]`;
      if (item === null || typeof item !== "object" || Array.isArray(item)) return { error: `${at}: expected an object {event, labels, value?}` };
      const { event, labels = {}, value = 1, ...rest } = item as Record<string, unknown>;
      const extra = Object.keys(rest);
      if (extra.length > 0) return { error: `${at}: unknown field(s) ${extra.join(", ")} (expected event, labels, value)` };
      if (typeof event !== "string") return { error: `${at}.event: expected the event's name` };
      const state = this.events.get(event);
      if (!state) return { error: `${at}.event: unknown event "${event}" (declared: ${[...this.events.keys()].join(", ") || "none"})` };
      if (labels === null || typeof labels !== "object" || Array.isArray(labels)) return { error: `${at}.labels: expected an object` };
      for (const [label, labelValue] of Object.entries(labels)) {
        if (!state.definition.labels.includes(label)) {
          return { error: `${at}.labels: unknown label "${label}" for event "${event}" (allowed: ${state.definition.labels.join(", ") || "none"})` };
        }
        if (typeof labelValue !== "string") return { error: `${at}.labels.${label}: expected a string` };
        if (labelValue.length > MAX_LABEL_VALUE_LENGTH) return { error: `${at}.labels.${label}: longer than ${MAX_LABEL_VALUE_LENGTH} characters` };
      }
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX_EVENT_VALUE) {
        return { error: `${at}.value: expected a number from 0 to ${MAX_EVENT_VALUE} (a counter only grows)` };
      }
      events.push({ event, labels: labels as Record<string, string>, value });
    }
    return { events };
  }
}
