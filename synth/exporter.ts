import type { ExporterConfig } from "../exporter/config";
import type { Artifact } from "./artifact";
import { jsonArtifact } from "./artifact";
import type { Placement } from "./placement";

/** The vigil exporter's own config file, validated against the exporter's schema. */
export function exporterArtifact(placement: Placement): Artifact {
  const config: ExporterConfig = {
    service: "vigil-exporter",
    listen: { host: placement.bindHost, port: placement.endpoints.vigilExporter.port },
    logLevel: "info",
    shutdownGraceSeconds: 10,
  };
  return jsonArtifact("exporter/config.json", config);
}
