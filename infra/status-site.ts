import * as digitalocean from "@pulumi/digitalocean";
import * as pulumi from "@pulumi/pulumi";
import { HTML_PATHS } from "../status-page/site";
import { statusRecordName } from "./deployment";

/** One static file of the status site, uploaded by the program (never the live files the exporter writes). */
export interface StaticAsset {
  /** Key in the bucket, no leading slash. */
  path: string;
  content: string;
  contentType: string;
  cacheControl: string;
}

/** Only reads, from any origin: the JSON API is meant to be fetched by other sites' widgets. */
export const STATUS_CORS_RULES = [
  { allowedMethods: ["GET", "HEAD"], allowedOrigins: ["*"], allowedHeaders: ["*"], maxAgeSeconds: 3600 },
];

/** Refuses assets the exporter owns at run time, which an upload would overwrite with stale content. */
export function checkStaticAssets(assets: readonly StaticAsset[], liveFiles: readonly string[]): void {
  const seen = new Set<string>();
  for (const asset of assets) {
    if (asset.path.startsWith("/")) throw new Error(`status asset ${asset.path}: keys have no leading slash`);
    if (liveFiles.includes(asset.path)) throw new Error(`status asset ${asset.path} is written live by the exporter; it must not be uploaded`);
    if (seen.has(asset.path)) throw new Error(`status asset ${asset.path} listed twice`);
    seen.add(asset.path);
  }
}

/** Arguments of {@link StatusSite}. */
export interface StatusSiteArgs {
  bucket: string;
  region: string;
  /** The CDN's edge TTL in seconds (one of the values DigitalOcean accepts; the config checks it). */
  cdnTtlSeconds: number;
  /** Static files (styles, icons); the exporter writes index.html and the JSON itself. */
  assets: readonly StaticAsset[];
  /** Keys the exporter writes; none of them may be an asset. */
  liveFiles: readonly string[];
  /** status.example.com, served by the CDN with the certificate below. */
  customDomain?: string;
  /** Name of the Let's Encrypt certificate for customDomain (created here). */
  certificateName?: string;
  /** The DigitalOcean DNS zone holding customDomain; its CNAME is created there, before the CDN. */
  dnsZone?: string;
  /** A provider with Spaces keys (bucket objects are written through the S3 API). */
  provider: digitalocean.Provider;
}

/**
 * The public status page's home: a Spaces bucket behind the CDN. It does not depend on
 * the droplet, so it stays up when the droplet does not.
 */
export class StatusSite extends pulumi.ComponentResource {
  /** The URL readers open: the index page's own key on the CDN. */
  public readonly url: pulumi.Output<string>;
  public readonly bucketUrn: pulumi.Output<string>;

  constructor(name: string, args: StatusSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("vigil:status:StatusSite", name, {}, opts);
    checkStaticAssets(args.assets, args.liveFiles);
    const children = { parent: this, provider: args.provider };

    // Private listing; each object is public-read (the exporter writes its files the same way).
    const bucket = new digitalocean.SpacesBucket(name, { name: args.bucket, region: args.region, acl: "private" }, children);
    new digitalocean.SpacesBucketCorsConfiguration(
      name,
      { bucket: bucket.name, region: args.region, corsRules: STATUS_CORS_RULES },
      children,
    );

    let certificateName: pulumi.Output<string> | undefined;
    if (args.customDomain && args.certificateName) {
      const certificate = new digitalocean.Certificate(
        name,
        { name: args.certificateName, type: "lets_encrypt", domains: [args.customDomain] },
        children,
      );
      certificateName = certificate.name;
    }
    const record = args.customDomain && args.dnsZone ? statusRecord(name, args.customDomain, args.dnsZone, bucket, this) : undefined;
    const cdn = new digitalocean.Cdn(
      name,
      {
        origin: bucket.bucketDomainName,
        ttl: args.cdnTtlSeconds,
        ...(args.customDomain && certificateName ? { customDomain: args.customDomain, certificateName } : {}),
      },
      { ...children, ...(record ? { dependsOn: [record] } : {}) },
    );

    for (const asset of args.assets) {
      new digitalocean.SpacesBucketObject(
        `${name}-${asset.path}`,
        {
          bucket: bucket.name,
          region: args.region,
          key: asset.path,
          content: asset.content,
          contentType: asset.contentType,
          cacheControl: asset.cacheControl,
          acl: "public-read",
        },
        children,
      );
    }

    // The page's own key, not the bare domain: the CDN serves the bucket's objects by key,
    // and Spaces' index and error documents work only on its website endpoint, which the
    // CDN cannot front. "/" answers Spaces' AccessDenied, so links and the uptime check
    // use /index.html.
    const origin = args.customDomain ? pulumi.output(`https://${args.customDomain}/`) : pulumi.interpolate`https://${cdn.endpoint}/`;
    this.url = origin.apply((base) => `${base}${HTML_PATHS.index}`);
    this.bucketUrn = bucket.bucketUrn;
    this.registerOutputs({ url: this.url, bucketUrn: this.bucketUrn });
  }
}

/**
 * The custom domain's CNAME, made before the CDN. DigitalOcean creates this record itself
 * when a CDN endpoint gets a custom domain in one of its DNS zones and the zone has none
 * ("We'll automatically create a CNAME record for it if necessary", docs.digitalocean.com,
 * Spaces: customize the CDN endpoint), and it does so through the API too: its record points
 * at the Space's origin (terraform-provider-digitalocean issue #1241). A record of ours made
 * after the CDN would then collide with it ("CNAME records cannot share a name with other
 * records", a 422). The provider's own acceptance test for a custom domain
 * (digitalocean/cdn/resource_cdn_test.go) makes the record first, with the origin as its
 * target, and the CDN after it; so does this. Either way it is right: where DigitalOcean
 * would make the record, it finds ours (with the value it would have given it) and makes
 * none; where it would not, ours is the one the domain needs.
 */
function statusRecord(
  name: string,
  domain: string,
  zone: string,
  bucket: digitalocean.SpacesBucket,
  parent: pulumi.Resource,
): digitalocean.DnsRecord {
  const recordName = statusRecordName(domain, zone);
  if (recordName === undefined) throw new Error(`status domain ${domain} is not a name below the zone ${zone}`);
  // DigitalOcean wants the target fully qualified, with its trailing dot.
  return new digitalocean.DnsRecord(
    name,
    { domain: zone, name: recordName, type: "CNAME", value: pulumi.interpolate`${bucket.bucketDomainName}.`, ttl: 300 },
    { parent },
  );
}
