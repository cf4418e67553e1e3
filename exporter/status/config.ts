import { z } from "zod";

// The status page's section of the exporter's config file (rendered by synth/exporter-status.ts).
export const statusConfigSchema = z.strictObject({
  title: z.string().min(1),
});

export type StatusConfig = z.infer<typeof statusConfigSchema>;
