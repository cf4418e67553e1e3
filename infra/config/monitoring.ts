// The monitoring services' own settings: Grafana's admin, Prometheus's retention.
import { z } from "zod";
import { duration } from "../prometheus-names";
import { secret } from "./secret";

export const grafanaSchema = z
  .object({
    adminPassword: secret("required: Grafana's admin password"),
  })
  .strict();

export const prometheusSchema = z
  .object({
    /** How long Prometheus keeps samples on the data volume. */
    retention: duration.default("15d"),
  })
  .strict();
