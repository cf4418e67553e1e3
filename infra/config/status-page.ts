// The public status page: what it shows, and the Spaces bucket the exporter publishes it to.
import { z } from "zod";
import { secret } from "./secret";

export const statusPageSchema = z.strictObject({
  /** Shown as the page's title ("Acme status"). */
  title: z.string().min(1),
  spaces: z.strictObject({
    /** Bucket name: the Pulumi program creates it; the exporter writes the live files into it. */
    bucket: z.string().regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, "expected a bucket name: 3-63 lowercase letters, digits and dashes"),
    /** Spaces region (its S3 endpoint is https://<region>.digitaloceanspaces.com). */
    region: z.string().regex(/^[a-z]{3}\d$/, "expected a Spaces region slug such as fra1").default("fra1"),
    accessKeyId: secret("required: a Spaces access key the exporter publishes with"),
    secretAccessKey: secret("required: the Spaces access key's secret"),
  }),
  /** Optional custom domain for the CDN (status.example.com). */
  customDomain: z.string().optional(),
  /** Name of the DigitalOcean certificate (Let's Encrypt) for customDomain. */
  certificateName: z.string().optional(),
});
