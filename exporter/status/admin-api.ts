import { z } from "zod";
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES, type PageDefinition } from "../../core/status-model";

// The admin API's request bodies (what `npm run status` sends). Component ids are checked
// against the page's components, so a typo is a 400 naming it rather than a silent no-op.

export const ADMIN_PATHS = {
  state: "/api/status/state",
  incidents: "/api/status/incidents",
  incidentUpdates: "/api/status/incidents/:id/updates",
  maintenances: "/api/status/maintenances",
  maintenance: "/api/status/maintenances/:id",
  publish: "/api/status/publish",
} as const;

const componentStatuses = z.record(z.string(), z.enum(COMPONENT_STATUSES));

export const openIncidentBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(5_000),
  status: z.enum(INCIDENT_STATUSES).default("investigating"),
  components: componentStatuses.default({}),
  impact: z.enum(IMPACTS).exclude(["maintenance"]).optional(),
});

export const incidentUpdateBody = z.strictObject({
  status: z.enum(INCIDENT_STATUSES),
  body: z.string().trim().min(1).max(5_000),
  components: componentStatuses.optional(),
});

export const maintenanceBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    body: z.string().trim().min(1).max(5_000),
    scheduledFor: z.iso.datetime({ offset: true }),
    scheduledUntil: z.iso.datetime({ offset: true }),
    componentIds: z.array(z.string()).min(1),
  })
  .refine((value) => Date.parse(value.scheduledUntil) > Date.parse(value.scheduledFor), { path: ["scheduledUntil"], message: "must be after scheduledFor" });

/** The first component id the page does not define, as "field: message", or undefined. */
export function unknownComponentProblem(page: PageDefinition, field: string, ids: string[]): string | undefined {
  const known = new Set(page.components.map((component) => component.id));
  const unknown = ids.filter((id) => !known.has(id));
  return unknown.length > 0 ? `${field}: unknown component ${unknown.map((id) => JSON.stringify(id)).join(", ")} (known: ${[...known].join(", ")})` : undefined;
}
