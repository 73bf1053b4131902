import "server-only";
import type { RequestOrigin } from "@/lib/audit/audit-context";
import { db, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { templateChoicesSchema } from "@/lib/templates/template-definition";
import { placeholderValues } from "./agreement-template";
import { checkChoiceAnswers, type SubmittedChoices } from "./choice-answers";
import { openSigningLink } from "./open-signing-link";
import { settleAgreement } from "./settle-agreement";
import { recordPlainSignature } from "./record-plain-signature";
import { queueCoauthorNotices } from "./signers/queue-coauthor-notices";
import { settleSigner } from "./signers/settle-signer";
import { signedTextRecord } from "./signed-text";
import { storedChoiceAnswers } from "./stored-choice-answers";

type SignInput = {
  token: string;
  typedName: string;
  /** The answers to the template's choices, as the form sent them (checked here). */
  choices?: SubmittedChoices;
  /** The signing page's language (lib/i18n): recorded with the signature; the signed copy is written in it. */
  language?: string;
};

/** Records the author's signature, dated by the server's clock (never the author's), and queues the seal. */
export async function signAgreement(origin: RequestOrigin, { token, typedName, choices = {}, language }: SignInput) {
  const link = await openSigningLink(token, "sign", origin);
  const signedAt = link.openedAt;
  const { ip, userAgent } = link.author;
  const { signerId } = link;
  if (signerId) {
    // Every-author agreements: this author's signature; the last one completes the agreement.
    return db.$transaction(async (tx) => {
      // The agreement's row lock first (settleSigner takes it too): two authors answering the
      // choices at once must not both write them; the second signs what the first answered.
      await tx.$queryRaw`SELECT 1 FROM "Agreement" WHERE id = ${link.agreementId} FOR UPDATE`;
      const answered = await answersToRecord(tx, link.agreementId, choices);
      const { completed } = await settleSigner(
        tx,
        { ...link, signerId },
        { kind: "signed", typedName, answered, language },
      );
      if (completed) await queueCoauthorNotices(tx, link.agreementId);
      return { agreementId: link.agreementId, signedAt, completed };
    });
  }
  if (await recordPlainSignature({ link, typedName, language })) {
    return { agreementId: link.agreementId, signedAt, completed: true };
  }
  return db.$transaction(async (tx) => {
    // Queued first: settleAgreement ends by appending to the audit chain, whose lock every writer
    // waits for until this transaction commits, so nothing else should follow it. A refused
    // signature rolls the job back with everything else.
    await enqueueJob(tx, "seal_agreement", { agreementId: link.agreementId });
    const answered = await answersToRecord(tx, link.agreementId, choices);
    const agreement = await settleAgreement(tx, {
      link,
      changes: {
        status: "signed",
        sealStatus: "pending",
        signedAt,
        signatureName: typedName,
        signerIp: ip,
        signerUserAgent: userAgent,
        ...(language ? { signedLanguage: language } : {}),
        ...(answered?.changes ?? {}),
      },
      event: {
        type: "agreement.signed",
        data: {
          typedName,
          signedAt: signedAt.toISOString(),
          ...(language ? { language } : {}),
          ...(answered?.eventData ?? {}),
        },
      },
    });
    // The co-authors signed for are told (after the signature's event, so the log reads in order).
    await queueCoauthorNotices(tx, agreement.id);
    return { agreementId: agreement.id, signedAt, completed: true };
  });
}

/**
 * The answers this signature records, and the text they make: none when the template asks
 * nothing. Answers already on record (given by an earlier signature) are kept as they are and the
 * new submission is ignored: what was signed once is what every later signature signs.
 */
export type RecordedAnswers = Awaited<ReturnType<typeof answersToRecord>>;

async function answersToRecord(tx: Tx, agreementId: string, submitted: SubmittedChoices) {
  // The template's questions first: most templates ask none, and then the agreement's text (the
  // longest column read on the signing path) need not be read at all.
  const { templateVersion } = await tx.agreement.findUniqueOrThrow({
    where: { id: agreementId },
    select: { templateVersion: { select: { choices: true } } },
  });
  const choices = templateChoicesSchema.parse(templateVersion.choices);
  if (choices.length === 0) return null;
  const agreement = await tx.agreement.findUniqueOrThrow({
    where: { id: agreementId },
    include: { proceedings: { select: { name: true } } },
  });
  const recorded = storedChoiceAnswers(agreement.choiceAnswers);
  const signedTextSha256 = agreement.signedTextSha256;
  if (recorded.length > 0 && signedTextSha256)
    return { changes: {}, eventData: { choiceAnswers: recorded, signedTextSha256 } };
  const checked = checkChoiceAnswers(choices, submitted);
  if (!checked.ok) {
    const [field, userMessage] = Object.entries(checked.fieldErrors)[0];
    throw new AppError("INVALID_INPUT", { field, userMessage, fieldErrors: checked.fieldErrors });
  }
  const values = placeholderValues({
    ...agreement,
    publisher: agreement.publisherName,
    proceedingsName: agreement.proceedings.name,
  });
  const signed = signedTextRecord(agreement.text, choices, checked.answers, values);
  return {
    changes: { choiceAnswers: checked.answers, ...signed },
    eventData: { choiceAnswers: checked.answers, signedTextSha256: signed.signedTextSha256 },
  };
}
