import { z } from "zod";
import {
  changeAuthorEmailInput,
  reissueChangesInput,
  voidAgreementInput,
} from "@/lib/agreements/corrections/correction-inputs";
import { agreementResource } from "./agreement-schemas";

// The corrections' request and answer shapes. Each request is checked by the staff form's own schema
// (lib/agreements/corrections/correction-inputs.ts), so the API refuses what the form refuses, in the
// same words, at the API's field names.

const signerId = z
  .string()
  .min(1)
  .max(100)
  .optional()
  .meta({ description: "Every-author agreements: the one signer this concerns (default: as the staff page does)." });

export const voidAgreementBody = voidAgreementInput.meta({
  id: "VoidAgreementRequest",
  example: { reason: "The paper was withdrawn from the volume." },
});

export const resendInvitationBody = z
  .object({ signerId })
  .meta({ id: "ResendInvitationRequest", description: "Send {} to resend to whoever is yet to sign.", example: {} });

export const changeAuthorEmailBody = z
  .object({
    email: changeAuthorEmailInput.shape.newEmail.meta({
      description: "The corresponding author's corrected address (or the signer's, with signerId).",
      example: "ada.lovelace@example.org",
    }),
    signerId,
  })
  .meta({ id: "ChangeAuthorEmailRequest", example: { email: "ada.lovelace@example.org" } });

const REISSUE_FORM_TO_API: Record<string, (string | number)[]> = {
  articleTitle: ["title"],
  correspondingAuthorName: ["correspondingAuthor", "name"],
  correspondingAuthorEmail: ["correspondingAuthor", "email"],
  authors: ["authors"],
};

export const reissueAgreementBody = z
  .object({
    title: z.string().optional().meta({ description: "A corrected title." }),
    authors: z
      .array(z.string().max(500))
      .optional()
      .meta({ description: 'Every author in order, "Name" or "Name <email>".' }),
    correspondingAuthor: z.object({ name: z.string().optional(), email: z.string().optional() }).optional(),
  })
  .transform((body, context) => {
    const changes = {
      articleTitle: body.title,
      correspondingAuthorName: body.correspondingAuthor?.name,
      correspondingAuthorEmail: body.correspondingAuthor?.email,
      authors: body.authors,
    };
    const checked = reissueChangesInput.safeParse(changes);
    if (checked.success) return changes;
    for (const {
      path: [first, ...rest],
      message,
    } of checked.error.issues) {
      const path = [...(REISSUE_FORM_TO_API[String(first)] ?? []), ...rest.map((part) => part as string | number)];
      context.issues.push({ code: "custom", message, path, input: body });
    }
    return z.NEVER;
  })
  .meta({
    id: "ReissueAgreementRequest",
    description: "Send {} to reissue unchanged (a declined, expired or voided agreement); any field to correct it.",
    example: { title: "Sparse Attention Without Regret (corrected)" },
  });

const isoTime = z.iso.datetime().meta({ example: "2026-12-30T20:15:00.000Z" });

export const resendResult = z
  .object({
    resent: z.boolean().meta({ description: "false: a resend of seconds ago already did it (a double click)." }),
    linkExpiresAt: isoTime
      .nullable()
      .meta({ description: "The deadline stays as it was: a resend gives no more time." }),
    agreement: agreementResource,
  })
  .meta({ id: "ResendResult" });

export const changeEmailResult = z
  .object({
    from: z.string().meta({ example: "ada@example.org" }),
    to: z.string().meta({ example: "ada.lovelace@example.org" }),
    linkExpiresAt: isoTime,
    agreement: agreementResource,
  })
  .meta({ id: "ChangeEmailResult" });

export const reissueResult = z
  .object({
    agreement: agreementResource.meta({ description: "The new agreement." }),
    supersedes: z.string().meta({ description: "The id of the agreement it replaces." }),
    voidedPrevious: z.boolean().meta({ description: "Whether the replaced one was still open, and so voided." }),
  })
  .meta({ id: "ReissueResult" });
