import type { StatusConfig } from "../exporter/status/config";
import type { VigilConfig } from "../infra/config";
import type { SecretFileFor } from "./exporter";

/** The status page's section of the exporter's config file; secrets become secret files. */
export function statusSection(statusPage: NonNullable<VigilConfig["statusPage"]>, _fileFor: SecretFileFor): StatusConfig {
  return { title: statusPage.title };
}
