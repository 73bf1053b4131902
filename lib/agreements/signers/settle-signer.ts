import "server-only";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { recordEvent } from "@/lib/audit/record-event";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { OPEN_FOR_SIGNING } from "@/lib/agreements/agreement-states";
import type { OpenedSigningLink } from "@/lib/agreements/open-signing-link";
import { settleAgreement } from "@/lib/agreements/settle-agreement";

export type SignerAnswer =
  | {
      kind: "signed";
      typedName: string;
      /** The author's choices this signature records (the first signature answers them), if any. */
      answered?: { changes: Record<string, unknown>; eventData: Record<string, unknown> } | null;
      /** The signing page's language, recorded with the signature. */
      language?: string;
    }
  | { kind: "declined"; reason: string };

/**
 * One author's answer through their own link on an every-author agreement. The agreement's row lock
 * is taken first, so signers answering at once queue behind each other: each sees every signature
 * committed before it, the last one completes the agreement exactly once, and the same signer's
 * second (replayed, parallel) signature finds theirs already recorded and is refused. The agreement
 * is signed when every signer has signed, and declined as soon as one declines.
 */
export async function settleSigner(tx: Tx, link: OpenedSigningLink & { signerId: string }, answer: SignerAnswer) {
  const { agreementId, signerId, author } = link;
  const at = link.openedAt;
  const [locked] = await tx.$queryRaw<{ status: string }[]>`
    SELECT status::text AS status FROM "Agreement" WHERE id = ${agreementId} FOR UPDATE`;
  if (!locked || !(OPEN_FOR_SIGNING as string[]).includes(locked.status)) return refuseClosed(locked?.status);
  const changes =
    answer.kind === "signed"
      ? {
          status: "signed" as const,
          signedAt: at,
          typedName: answer.typedName,
          signedLanguage: answer.language ?? null,
          ip: author.ip,
          userAgent: author.userAgent,
        }
      : { status: "declined" as const, declinedAt: at, declineReason: answer.reason };
  const { count } = await tx.signer.updateMany({
    where: { id: signerId, status: { in: ["sent", "viewed"] } },
    data: changes,
  });
  if (count === 0) throw await signerRefusal(tx, signerId);
  const signer = await tx.signer.findUniqueOrThrow({ where: { id: signerId } });
  const who = { signerId, name: signer.name, email: signer.email, position: signer.position };

  if (answer.kind === "declined") {
    await settleAgreement(tx, {
      link,
      changes: { status: "declined", declinedAt: at, declineReason: answer.reason },
      event: { type: "agreement.declined", data: { reason: answer.reason, signer: who } },
    });
    return { completed: false, declined: true };
  }

  if (answer.answered && Object.keys(answer.answered.changes).length > 0)
    await tx.agreement.update({ where: { id: agreementId }, data: answer.answered.changes });
  const signers = await tx.signer.findMany({ where: { agreementId }, orderBy: { position: "asc" } });
  const signed = {
    typedName: answer.typedName,
    signedAt: at.toISOString(),
    ...(answer.language ? { language: answer.language } : {}),
    signer: who,
    ...(answer.answered?.eventData ?? {}),
  };
  if (signers.some((other) => other.status !== "signed")) {
    const used = await tx.signingLink.updateMany({
      where: { id: link.linkId, revokedAt: null, usedAt: null },
      data: { usedAt: at },
    });
    if (used.count === 0) throw new AppError("LINK_REVOKED");
    const waitingFor = signers.filter((other) => other.status !== "signed").length;
    await recordEvent(tx, author, { agreementId, type: "signer.signed", data: { ...signed, waitingFor } });
    return { completed: false, declined: false };
  }

  // The last signature: the agreement is signed now, and sealed once with every signature.
  const { correspondingAuthorEmail } = await tx.agreement.findUniqueOrThrow({
    where: { id: agreementId },
    select: { correspondingAuthorEmail: true },
  });
  const corresponding = signers.find((other) => other.email === correspondingAuthorEmail) ?? signer;
  await enqueueJob(tx, "seal_agreement", { agreementId });
  await recordEvent(tx, author, { agreementId, type: "signer.signed", data: { ...signed, waitingFor: 0 } });
  await settleAgreement(tx, {
    link,
    changes: {
      status: "signed",
      sealStatus: "pending",
      signedAt: at,
      // The corresponding author's signature stands for the agreement in the staff list and its checks.
      signatureName: corresponding.typedName,
      signerIp: corresponding.ip,
      signerUserAgent: corresponding.userAgent,
      signedLanguage: corresponding.signedLanguage,
    },
    event: {
      type: "agreement.signed",
      data: {
        ...signed,
        signers: signers.map((other) => ({
          name: other.name,
          email: other.email,
          typedName: other.typedName,
          signedAt: other.signedAt?.toISOString(),
          ip: other.ip,
        })),
      },
    },
  });
  return { completed: true, declined: false };
}

function refuseClosed(status: string | undefined): never {
  if (status === "signed") throw new AppError("ALREADY_SIGNED");
  if (status === "declined")
    throw new AppError("ALREADY_DECLINED", {
      userMessage: "Another author has declined this agreement, so it can no longer be signed.",
    });
  if (status === "voided") throw new AppError("AGREEMENT_VOIDED");
  if (status === "expired") throw new AppError("LINK_EXPIRED");
  throw new AppError("NOT_SIGNABLE");
}

async function signerRefusal(tx: Tx, signerId: string): Promise<AppError> {
  const { status } = await tx.signer.findUniqueOrThrow({ where: { id: signerId }, select: { status: true } });
  if (status === "signed")
    return new AppError("ALREADY_SIGNED", {
      userMessage: "You have already signed this agreement. It is complete once every author has signed.",
    });
  if (status === "declined") return new AppError("ALREADY_DECLINED");
  return new AppError("NOT_SIGNABLE");
}
