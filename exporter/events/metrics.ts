import { Counter, type Registry, type RegistryContentType } from "prom-client";
import type { EventDefinition } from "../../core/exporter/business-definitions";
import { EXPORTER_METRICS } from "../../core/exporter/contract";

// The events feature's metrics, registered on the exporter's one registry (exporter/metrics.ts
// owns it): what POST /events refused or folded (names from core/exporter/contract.ts), and one
// counter per event the config declares (the application's own names, checked by the config).

export interface EventMetrics {
  eventLabelsFolded: Counter<"event" | "label">;
  eventBatchesRejected: Counter<"reason">;
}

export function registerEventMetrics(registry: Registry): EventMetrics {
  return {
    eventLabelsFolded: new Counter({
      name: EXPORTER_METRICS.businessEventLabelsFolded,
      help: "Event label values beyond the label's cardinality cap, counted as \"other\" instead.",
      labelNames: ["event", "label"] as const,
      registers: [registry],
    }),
    eventBatchesRejected: new Counter({
      name: EXPORTER_METRICS.businessEventBatchesRejected,
      help: "POST /events batches refused, by reason (unauthorized, invalid).",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
  };
}

/** The counter a declared event is counted on, with the labels it declares. */
export function registerEventCounter(definition: EventDefinition, registry: Registry<RegistryContentType>): Counter<string> {
  return new Counter({ name: definition.name, help: definition.help, labelNames: definition.labels, registers: [registry] });
}
