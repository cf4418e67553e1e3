// What DigitalOcean accepts, each list once with where it comes from, so a value it would
// refuse fails at config validation (naming the field and the accepted values) instead of
// halfway through `pulumi up`. When a source changes, change the list here; the tests in
// config.test.ts compare the lists the Pulumi provider ships against these.
import { z } from "zod";

/**
 * Regions a new droplet (and its volume and reserved IP) can be created in. DigitalOcean's
 * regional availability page (docs.digitalocean.com/platform/regional-availability/;
 * `doctl compute region list` shows `true` under Available). The provider's `Region` enum
 * (@pulumi/digitalocean types/enums) still lists nyc2, ams2 and sfo1, which take no new
 * droplets, and does not list atl1, which does.
 */
export const DROPLET_REGIONS = ["ams3", "atl1", "blr1", "fra1", "lon1", "nyc1", "nyc3", "sfo2", "sfo3", "sgp1", "syd1", "tor1"] as const;

/**
 * Regions with Spaces, where the status page's bucket can live: DigitalOcean's Spaces
 * availability (docs.digitalocean.com/products/spaces/details/availability/). Not every
 * droplet region has Spaces (nyc1 has none), so the two lists differ.
 */
export const SPACES_REGIONS = ["ams3", "atl1", "blr1", "fra1", "lon1", "nyc3", "sfo2", "sfo3", "sgp1", "syd1", "tor1"] as const;

/**
 * Droplet size slugs: the provider's `DropletSlug` enum in @pulumi/digitalocean 4.80.1
 * (types/enums), which is generated from DigitalOcean's `GET /v2/sizes`. Whether the stack
 * fits in a size (memory) is the deployment's own check (infra/sizing.ts).
 */
export const DROPLET_SIZES = [
  "s-1vcpu-512mb-10gb", "s-1vcpu-1gb", "s-1vcpu-1gb-amd", "s-1vcpu-1gb-intel", "s-1vcpu-1gb-35gb-intel", "s-1vcpu-2gb",
  "s-1vcpu-2gb-amd", "s-1vcpu-2gb-intel", "s-1vcpu-2gb-70gb-intel", "s-2vcpu-2gb", "s-2vcpu-2gb-amd", "s-2vcpu-2gb-intel",
  "s-2vcpu-2gb-90gb-intel", "s-2vcpu-4gb", "s-2vcpu-4gb-amd", "s-2vcpu-4gb-intel", "s-2vcpu-4gb-120gb-intel", "s-2vcpu-8gb-amd",
  "c-2", "c2-2vcpu-4gb", "s-2vcpu-8gb-160gb-intel", "s-4vcpu-8gb", "s-4vcpu-8gb-amd", "s-4vcpu-8gb-intel", "g-2vcpu-8gb",
  "s-4vcpu-8gb-240gb-intel", "gd-2vcpu-8gb", "g-2vcpu-8gb-intel", "gd-2vcpu-8gb-intel", "s-4vcpu-16gb-amd", "m-2vcpu-16gb",
  "c-4", "c2-4vcpu-8gb", "s-4vcpu-16gb-320gb-intel", "s-8vcpu-16gb", "m-2vcpu-16gb-intel", "m3-2vcpu-16gb", "c-4-intel",
  "m3-2vcpu-16gb-intel", "s-8vcpu-16gb-amd", "s-8vcpu-16gb-intel", "c2-4vcpu-8gb-intel", "g-4vcpu-16gb", "s-8vcpu-16gb-480gb-intel",
  "so-2vcpu-16gb-intel", "so-2vcpu-16gb", "m6-2vcpu-16gb", "gd-4vcpu-16gb", "so1_5-2vcpu-16gb-intel", "g-4vcpu-16gb-intel",
  "gd-4vcpu-16gb-intel", "so1_5-2vcpu-16gb", "s-8vcpu-32gb-amd", "m-4vcpu-32gb", "c-8", "c2-8vcpu-16gb", "s-8vcpu-32gb-640gb-intel",
  "m-4vcpu-32gb-intel", "m3-4vcpu-32gb", "c-8-intel", "m3-4vcpu-32gb-intel", "c2-8vcpu-16gb-intel", "g-8vcpu-32gb",
  "so-4vcpu-32gb-intel", "so-4vcpu-32gb", "m6-4vcpu-32gb", "gd-8vcpu-32gb", "so1_5-4vcpu-32gb-intel", "g-8vcpu-32gb-intel",
  "gd-8vcpu-32gb-intel", "so1_5-4vcpu-32gb", "m-8vcpu-64gb", "c-16", "c2-16vcpu-32gb", "m-8vcpu-64gb-intel", "m3-8vcpu-64gb",
  "c-16-intel", "m3-8vcpu-64gb-intel", "c2-16vcpu-32gb-intel", "g-16vcpu-64gb", "so-8vcpu-64gb-intel", "so-8vcpu-64gb",
  "m6-8vcpu-64gb", "gd-16vcpu-64gb", "so1_5-8vcpu-64gb-intel", "g-16vcpu-64gb-intel", "gd-16vcpu-64gb-intel", "so1_5-8vcpu-64gb",
  "m-16vcpu-128gb", "c-32", "c2-32vcpu-64gb", "m-16vcpu-128gb-intel", "m3-16vcpu-128gb", "c-32-intel", "m3-16vcpu-128gb-intel",
  "c2-32vcpu-64gb-intel", "c-48", "m-24vcpu-192gb", "g-32vcpu-128gb", "so-16vcpu-128gb-intel", "so-16vcpu-128gb", "m6-16vcpu-128gb",
  "gd-32vcpu-128gb", "so1_5-16vcpu-128gb-intel", "c2-48vcpu-96gb", "m-24vcpu-192gb-intel", "g-32vcpu-128gb-intel", "m3-24vcpu-192gb",
  "g-40vcpu-160gb", "gd-32vcpu-128gb-intel", "so1_5-16vcpu-128gb", "c-48-intel", "m3-24vcpu-192gb-intel", "m-32vcpu-256gb",
  "gd-40vcpu-160gb", "c2-48vcpu-96gb-intel", "so-24vcpu-192gb-intel", "so-24vcpu-192gb", "m6-24vcpu-192gb", "m-32vcpu-256gb-intel",
  "c-60-intel", "m3-32vcpu-256gb", "so1_5-24vcpu-192gb-intel", "m3-32vcpu-256gb-intel", "g-48vcpu-192gb-intel", "c2-60vcpu-120gb-intel",
  "gd-48vcpu-192gb-intel", "so1_5-24vcpu-192gb", "so-32vcpu-256gb-intel", "so-32vcpu-256gb", "m6-32vcpu-256gb",
  "so1_5-32vcpu-256gb-intel", "g-60vcpu-240gb-intel", "m-48vcpu-384gb-intel", "gd-60vcpu-240gb-intel", "gpu-h100x1-80gb",
  "so1_5-32vcpu-256gb", "m3-48vcpu-384gb-intel", "so-48vcpu-384gb-intel", "gpu-h100x1-80gb-200", "gpu-h100x8-640gb",
  "gpu-h100x8-640gb-200", "16gb", "1gb", "2gb", "32gb", "48gb", "4gb", "512mb", "64gb", "8gb", "s-12vcpu-48gb", "s-16vcpu-64gb",
  "s-1vcpu-3gb", "s-20vcpu-96gb", "s-24vcpu-128gb", "s-32vcpu-192gb", "s-3vcpu-1gb", "s-6vcpu-16gb", "s-8vcpu-32gb",
] as const;

/**
 * The largest block storage volume in GiB (16 TiB): DigitalOcean's volume limits
 * (docs.digitalocean.com/products/volumes/details/limits/), which take whole GiB from 1;
 * vigil's own floor for the data volume is higher (core/config/deployment.ts).
 */
export const VOLUME_MAX_GIB = 16_384;

/**
 * Where DigitalOcean's uptime checks probe from: the values terraform-provider-digitalocean
 * documents for `digitalocean_uptime_check.regions` (and its acceptance test creates checks
 * with). Pulumi's docs render them camelCased (usEast); the API wants these.
 */
export const UPTIME_CHECK_REGIONS = ["us_east", "us_west", "eu_west", "se_asia"] as const;

/**
 * The CDN's edge TTLs in seconds: "TTL must be one of 60, 600, 3600, 86400, or 604800"
 * (DigitalOcean's API, `ttl` of a CDN endpoint, digitalocean/openapi cdn_endpoint.yml). The
 * provider checks only that it is not negative, so any other value fails at `pulumi up`.
 */
export const CDN_TTL_SECONDS = [60, 600, 3600, 86400, 604800] as const;

/** One of `values`, with a message that lists them all. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, { error: `expected ${what}, one of: ${values.join(", ")}` });
}

export const dropletRegion = oneOf(DROPLET_REGIONS, "a DigitalOcean region that takes new droplets");
export const spacesRegion = oneOf(SPACES_REGIONS, "a region with Spaces");
export const dropletSize = oneOf(DROPLET_SIZES, "a DigitalOcean droplet size slug");
export const uptimeCheckRegion = oneOf(UPTIME_CHECK_REGIONS, "an uptime check region");

export const cdnTtlSeconds = z.literal(CDN_TTL_SECONDS, { error: `expected a CDN TTL in seconds, one of: ${CDN_TTL_SECONDS.join(", ")}` });
