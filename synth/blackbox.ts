import type { Artifact } from "./artifact";
import { yamlArtifact } from "./artifact";

/** Probe modules; prometheus.yml's blackbox job names `http_2xx`. */
export function blackboxArtifact(): Artifact {
  return yamlArtifact("blackbox/blackbox.yml", {
    modules: {
      http_2xx: {
        prober: "http",
        timeout: "5s",
        http: {
          preferred_ip_protocol: "ip4",
          follow_redirects: true,
          valid_status_codes: [],
        },
      },
      tcp_connect: { prober: "tcp", timeout: "5s" },
    },
  });
}
