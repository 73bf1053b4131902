import { z } from "zod";
import { proceedingsInput } from "@/lib/proceedings/proceedings-input";

// The REST API's volume shapes. Each field is checked by the volume form's own rule
// (lib/proceedings/proceedings-input.ts), so the API refuses what the form refuses, in the same words.

const fields = proceedingsInput.shape;
const isoTime = z.iso.datetime().meta({ example: "2026-11-30T20:15:00.000Z" });

const reminderDays = z
  .array(z.number().int().min(0, "Reminders are days before the deadline, 0 or more.").max(99))
  .max(6, "At most 6 reminders.")
  .transform((days) => [...new Set(days)].sort((a, b) => b - a))
  .meta({ description: "Days before the deadline that reminders go (0: on the day).", example: [7, 2, 0] });

const volumeFields = {
  name: fields.name.meta({ description: "Unique.", example: "PMLR 301: ICML 2026" }),
  shortName: fields.shortName.meta({ description: "Unique; letters, digits, . _ -.", example: "v301" }),
  publisherName: fields.publisherName.meta({ example: "ML Research Press" }),
  deadline: fields.deadline.meta({
    description: 'The camera-ready deadline (a UTC day), or "".',
    example: "2026-12-31",
  }),
  linkExpiryDays: fields.linkExpiryDays.meta({ description: "How long a signing link stays valid.", example: 30 }),
  reminderDays,
  templateKey: z
    .string()
    .trim()
    .max(100)
    .transform((value) => value || null)
    .meta({ description: 'The agreement template\'s key; "" for the default.', example: "" }),
};

export const createProceedingsBody = z
  .object({
    ...volumeFields,
    shortName: volumeFields.shortName.optional().transform((value) => value ?? null),
    publisherName: volumeFields.publisherName.optional().transform((value) => value ?? null),
    deadline: volumeFields.deadline.optional().transform((value) => value ?? null),
    linkExpiryDays: volumeFields.linkExpiryDays.default(30),
    reminderDays: volumeFields.reminderDays.default([7, 2, 0]),
    templateKey: volumeFields.templateKey.optional().transform((value) => value ?? null),
  })
  .meta({
    id: "CreateProceedingsRequest",
    example: { name: "PMLR 301: ICML 2026", shortName: "v301", deadline: "2026-12-31" },
  });

/** PATCH: only the fields sent change. */
export const updateProceedingsBody = z
  .object({
    name: volumeFields.name.optional(),
    shortName: volumeFields.shortName.optional(),
    publisherName: volumeFields.publisherName.optional(),
    deadline: volumeFields.deadline.optional(),
    linkExpiryDays: volumeFields.linkExpiryDays.optional(),
    reminderDays: volumeFields.reminderDays.optional(),
    templateKey: volumeFields.templateKey.optional(),
  })
  .strict()
  .meta({ id: "UpdateProceedingsRequest", example: { deadline: "2027-01-15", reminderDays: [14, 7, 1] } });

export const proceedingsResource = z
  .object({
    id: z.string(),
    name: z.string(),
    shortName: z.string().nullable(),
    publisherName: z.string().nullable(),
    deadline: isoTime.nullable().meta({ description: "The end of the deadline's day, UTC." }),
    linkExpiryDays: z.number().int(),
    reminderDays: z.array(z.number().int()),
    templateKey: z.string().nullable().meta({ description: "null: the default template." }),
    createdAt: isoTime,
    agreements: z.number().int().meta({ description: "How many agreements the volume has (reissued ones too)." }),
  })
  .meta({
    id: "Proceedings",
    example: {
      id: "cmid8k3kz0000qz0gm3a7c2d1",
      name: "PMLR 301: ICML 2026",
      shortName: "v301",
      publisherName: null,
      deadline: "2026-12-31T23:59:59.999Z",
      linkExpiryDays: 30,
      reminderDays: [7, 2, 0],
      templateKey: null,
      createdAt: "2026-11-30T20:15:00.000Z",
      agreements: 0,
    },
  });

export type ProceedingsResource = z.output<typeof proceedingsResource>;

export const proceedingsPage = z
  .object({
    proceedings: z.array(proceedingsResource),
    next: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  })
  .meta({ id: "ProceedingsPage" });

export const listProceedingsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional().meta({ description: "The previous page's `next`." }),
});

export const proceedingsIdParams = z.object({
  id: z.string().min(1).max(100).meta({ description: "The volume's id.", example: "cmid8k3kz0000qz0gm3a7c2d1" }),
});
