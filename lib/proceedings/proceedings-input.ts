import { z } from "zod";
import { singleLineText } from "@/lib/text/user-text";

const optionalText = (label: string, max: number) => singleLineText(label, max).transform((value) => value || null);

// Shared by the volume form (field-level messages) and the operations that trust their input.
export const proceedingsInput = z.object({
  name: singleLineText("Name", 200, { required: "Name is required." }),
  shortName: optionalText("Short name", 40).refine(
    (value) => value === null || /^[\p{L}\p{N}._-]+$/u.test(value),
    "Short name may only contain letters, digits, dots, dashes and underscores, e.g. v139.",
  ),
  // Substituted into the legal text: one clean line, or a publisher could add a clause of its own.
  publisherName: optionalText("Publisher", 200),
  deadline: z
    .string()
    .trim()
    .refine(
      (value) => value === "" || /^\d{4}-\d{2}-\d{2}$/.test(value),
      "Enter the deadline as a date, e.g. 2026-12-31.",
    )
    // The camera-ready deadline is a day: it ends at midnight UTC.
    .transform((value) => (value ? new Date(`${value}T23:59:59.999Z`) : null))
    .refine((value) => value === null || !Number.isNaN(value.getTime()), "Enter a real date, e.g. 2026-12-31."),
  linkExpiryDays: z.coerce
    .number({ error: "Link expiry must be a number of days." })
    .int("Link expiry must be a whole number of days.")
    .min(1, "Links must stay valid at least 1 day.")
    .max(365, "Links can stay valid at most 365 days."),
  reminderDays: z
    .string()
    .trim()
    .transform((value) => (value ? value.split(/[,\s]+/).filter(Boolean) : []))
    .pipe(
      z
        .array(
          z
            .string()
            .regex(/^\d{1,2}$/, "Reminders are days before the deadline, e.g. 7, 2, 0.")
            .transform(Number),
        )
        .max(6, "At most 6 reminders."),
    )
    .transform((days: number[]) => [...new Set(days)].sort((a, b) => b - a)),
  // The template its agreements are issued on; empty: the default (PMLR's agreement).
  templateKey: z
    .string()
    .trim()
    .default("")
    .transform((value) => value || null),
});

export type ProceedingsInput = z.output<typeof proceedingsInput>;
export const PROCEEDINGS_FIELDS = [
  "name",
  "shortName",
  "publisherName",
  "deadline",
  "linkExpiryDays",
  "reminderDays",
  "templateKey",
] as const;
