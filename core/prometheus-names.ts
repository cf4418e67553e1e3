import { z } from "zod";

// What Prometheus accepts as a metric name, a label name and a duration: defined once,
// used by the config schema, the rule model and the exporter's own checks. Names from
// config are spliced into PromQL, so these patterns are also what keeps injection out.

export const METRIC_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** A Prometheus duration such as 30s, 1h30m or 15d. */
export const DURATION_PATTERN = /^(\d+(ms|s|m|h|d|w|y))+$/;

export const metricName = z.string().regex(METRIC_NAME_PATTERN, "expected a Prometheus metric name");
export const labelName = z.string().regex(LABEL_NAME_PATTERN, "expected a Prometheus label name");
export const duration = z.string().regex(DURATION_PATTERN, "expected a Prometheus duration such as 30s, 12h or 15d");
