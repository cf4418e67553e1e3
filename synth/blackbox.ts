import type { VigilConfig } from "../core/config";
import type { Placement } from "../core/placement";
import type { Artifact } from "./artifact";
import { yamlArtifact } from "./artifact";

const PUBLIC_CA_FILE = "public-ca.pem";

/**
 * Probe modules (prometheus.yml's blackbox job names `http_2xx`), and the private CA the
 * HTTP probe trusts when config.app.publicUrlCa is set.
 */
export function blackboxArtifacts(config: VigilConfig, placement: Placement): Artifact[] {
  const ca = config.app.publicUrlCa;
  return [
    yamlArtifact("blackbox/blackbox.yml", {
      modules: {
        http_2xx: {
          prober: "http",
          timeout: "5s",
          http: {
            preferred_ip_protocol: "ip4",
            follow_redirects: true,
            valid_status_codes: [],
            ...(ca ? { tls_config: { ca_file: `${placement.mounts.blackbox}/${PUBLIC_CA_FILE}` } } : {}),
          },
        },
        tcp_connect: { prober: "tcp", timeout: "5s" },
      },
    }),
    ...(ca ? [{ path: `blackbox/${PUBLIC_CA_FILE}`, content: ca.endsWith("\n") ? ca : `${ca}\n` }] : []),
  ];
}
