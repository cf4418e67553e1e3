import { Scalar } from "yaml";
import type { VigilConfig } from "../../core/config";
import type { Placement } from "../../core/placement";
import { address } from "../../core/placement";
import type { Artifact } from "../artifact";
import { yamlArtifact } from "../artifact";
import { secretPlaceholder } from "../secrets";

// vmauth in front of VictoriaLogs' insert endpoint, for the application hosts' shippers.
// VictoriaLogs has no authentication of its own; vmauth answers 401 to a request without the
// ingest token (or with another one) and proxies only the paths listed here, so nothing else
// of VictoriaLogs (its query API, its UI) is reachable from the application's hosts.
//
// The auth config's format: docs.victoriametrics.com/victoriametrics/vmauth/ ("Auth config":
// users, bearer_token, url_map, src_paths, url_prefix). A user's bearer_token is written in the
// file itself (vmauth has no bearer_token_file; its %{ENV_VAR} placeholders would put the token
// in the container's environment, which `docker inspect` shows), so the whole file is a
// secret artifact: generated/ holds it with the placeholder, the Pulumi program and the local
// stack fill it.

/** Where vmauth reads its auth config, under its tree. */
export const VMAUTH_CONFIG_FILE = "vmauth/auth.yml";

/**
 * The paths a shipper may use: the JSON stream API alone, which Fluent Bit's http output
 * speaks (docs/victorialogs/data-ingestion/README.md, "JSON stream API"). src_paths are
 * regular expressions matched against the whole path.
 */
export const LOG_INSERT_PATHS = ["/insert/jsonline"] as const;

/** The auth config, when the ingest token is set (without it vmauth does not run). */
export function vmauthArtifacts(config: VigilConfig, placement: Placement): Artifact[] {
  const token = config.logs.ingestToken;
  if (!token) return [];
  // Double-quoted, and filled JSON-escaped: a quote or backslash in the token cannot break the YAML.
  const bearer = new Scalar(secretPlaceholder(token, "json"));
  bearer.type = Scalar.QUOTE_DOUBLE;
  return [
    yamlArtifact(
      VMAUTH_CONFIG_FILE,
      {
        users: [
          {
            bearer_token: bearer,
            url_map: [{ src_paths: [...LOG_INSERT_PATHS], url_prefix: `http://${address(placement.endpoints.victoriaLogs)}` }],
          },
        ],
      },
      { secret: true },
    ),
  ];
}
