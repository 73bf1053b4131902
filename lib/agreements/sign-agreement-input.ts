import { z } from "zod";
import { multiLineText, singleLineText } from "@/lib/text/user-text";

export const signAgreementInput = z.object({
  // The typed name is the signature: what the author sees here is what the PDF and the audit log record.
  typedName: singleLineText("Your name", 200, { required: "Type your full name to sign." }),
  agreed: z.literal(true, {
    error: "Tick the box to confirm you have read and agree fully with the terms of this agreement.",
  }),
});

export const declineAgreementInput = z.object({
  reason: multiLineText("Reason for declining", 2000, {
    required: "Tell the publisher why you are declining.",
    tooLong: "The reason must be at most 2,000 characters.",
  }),
});
