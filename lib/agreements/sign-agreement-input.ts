import { z } from "zod";

export const signAgreementInput = z.object({
  typedName: z
    .string()
    .transform((value) => value.normalize("NFC").replace(/\s+/g, " ").trim())
    .pipe(
      z
        .string()
        .min(1, "Type your full name to sign.")
        .max(200, "Your name must be at most 200 characters.")
        .refine((value) => !/[\u0000-\u001F\u007F]/.test(value), "Your name contains control characters."),
    ),
  agreed: z.literal(true, { error: "Tick the box to confirm you have read and agree fully with the terms of this agreement." }),
});

export const declineAgreementInput = z.object({
  reason: z
    .string()
    .transform((value) => value.normalize("NFC").trim())
    .pipe(z.string().min(1, "Tell the publisher why you are declining.").max(2000, "The reason must be at most 2,000 characters.")),
});
