// Who is paged, where, and when: receivers, the heartbeat and business hours.
import { z } from "zod";
import { hostPort, httpUrl } from "./fields";
import { secret, secretUrl } from "./secret";

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;

/** "monday:friday" or "saturday", as Alertmanager's time_intervals write weekdays; ranges run forwards. */
const weekdayRange = z.string().refine((value) => {
  const [first, last = first, ...rest] = value.split(":");
  const begin = WEEKDAYS.indexOf(first as (typeof WEEKDAYS)[number]);
  const end = WEEKDAYS.indexOf(last as (typeof WEEKDAYS)[number]);
  return rest.length === 0 && begin >= 0 && end >= begin;
}, 'expected a weekday or a forward range of them, lowercase, such as "monday:friday" or "saturday"');

/** HH:MM on a 24-hour clock; 24:00 ends a day. */
const clockTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "expected a 24-hour time HH:MM, such as 09:00");

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

/**
 * An IANA time zone spelled as in the tz database, which Alertmanager's Go runtime reads
 * case-sensitively ("Europe/Berlin"; Node alone would also take "europe/berlin").
 */
function isTimeZone(value: string): boolean {
  if (!/^[A-Z][A-Za-z_]*(\/[A-Z][A-Za-z0-9_+-]*)*$/.test(value)) return false;
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  // Aliases (Asia/Kolkata → Asia/Calcutta) differ from their canonical name; a name that
  // differs only in case is a misspelling Go would not find.
  return canonical === value || canonical.toLowerCase() !== value.toLowerCase();
}

const timeZone = z.string().refine(isTimeZone, "expected an IANA time zone such as UTC or Europe/Berlin");

const businessHoursSchema = z
  .object({
    /** Days the hours apply to (Alertmanager weekday ranges). */
    weekdays: z.array(weekdayRange).min(1, "at least one weekday, or info alerts are never delivered").default(["monday:friday"]),
    /** Start of the working day, HH:MM, in timeZone. */
    start: clockTime.default("09:00"),
    /** End of the working day, HH:MM (exclusive), in timeZone; after start. */
    end: clockTime.default("17:00"),
    /**
     * Time zone of start and end. Anything but UTC needs the tz database in the
     * Alertmanager container (Go reads /usr/share/zoneinfo).
     */
    timeZone: timeZone.default("UTC"),
  })
  .strict()
  .refine((hours) => minutesOf(hours.start) < minutesOf(hours.end), {
    message: "end must be after start (hours cannot cross midnight)",
    path: ["end"],
  });

export const alertingSchema = z
  .object({
    /** Where docs/runbooks/<AlertName>.md is published; every alert links there. */
    runbookBaseUrl: httpUrl,
    pagerduty: z
      .object({
        routingKey: secret("required when alerting.pagerduty is set"),
        /** Events API v2 endpoint; set it for an EU account (events.eu.pagerduty.com). */
        url: httpUrl.optional(),
      })
      .strict()
      .optional(),
    slack: z
      .object({
        webhookUrl: secretUrl("required when alerting.slack is set"),
        channel: z.string().regex(/^[#@][^\s]+$/, "expected a channel such as #alerts"),
      })
      .strict()
      .optional(),
    email: z
      .object({
        to: z.email(),
        from: z.email(),
        smarthost: hostPort,
        username: z.string().min(1),
        password: secret("required when alerting.email is set"),
        /**
         * Require STARTTLS before logging in (Alertmanager's default). Turn it off only for a
         * relay on the same host or loopback; the local stack's SMTP sink is one.
         */
        requireTls: z.boolean().default(true),
      })
      .strict()
      .optional(),
    /** Dead man's switch: a URL that expects a ping every minute while alerting works. */
    /**
     * The dead man's switch Watchdog pings. Its URL is a credential: whoever knows it can keep
     * the switch quiet, so it is a secret, which Alertmanager reads from a file (url_file).
     */
    heartbeat: z.object({ url: secretUrl("required: the heartbeat's ping URL") }).strict().optional(),
    /**
     * When alerts that should not wake anybody are delivered: info alerts (email, or Slack
     * without email) and warnings that only PagerDuty could carry. Mon–Fri 09:00–17:00 UTC
     * unless set.
     */
    businessHours: businessHoursSchema.default(businessHoursSchema.parse({})),
  })
  .strict()
  // Without a receiver every alert but Watchdog would be dropped in silence.
  .refine((alerting) => alerting.pagerduty || alerting.slack || alerting.email, {
    message: "configure at least one of alerting.pagerduty, alerting.slack or alerting.email, or no alert reaches anybody",
  });
