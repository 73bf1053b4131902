import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { issueAgreementInTx } from "@/lib/agreements/issue-agreement";
import { sha256Hex } from "@/lib/crypto/hashing";
import { db, type Tx } from "@/lib/db/client";
import { uniqueViolationFields } from "@/lib/db/unique-violation";
import { AppError } from "@/lib/errors/app-error";
import { agreementResourceOf } from "./agreement-resource";
import type { AgreementResource, CreateAgreementRequest } from "./agreement-schemas";

export type CreatedAgreement = { status: 201; agreement: AgreementResource; replayed: boolean };

type Idempotency = { tokenId: string; key: string; requestBody: unknown };

/**
 * POST /api/v1/agreements. With an Idempotency-Key, the key is claimed first in the creating
 * transaction (INSERT … ON CONFLICT DO NOTHING on the token's key): a concurrent request with the
 * same key waits on that row, then finds it and answers from it, so one key makes one agreement.
 * The same key with the same body replays the first answer; with another body it is a 409. A
 * failed create rolls its key back, so the key can be used again.
 */
export async function createAgreementOnce(
  context: AuditContext,
  request: CreateAgreementRequest,
  idempotency: Idempotency | null,
): Promise<CreatedAgreement> {
  try {
    return await db.$transaction(async (tx) => {
      if (idempotency) {
        const earlier = await claimKey(tx, idempotency);
        if (earlier) return earlier;
      }
      await refuseIssuedPaper(tx, request);
      const { agreement, proceedings } = await issueAgreementInTx(tx, context, request);
      const resource = agreementResourceOf(agreement, proceedings);
      if (idempotency) {
        await tx.$executeRaw`
          UPDATE "ApiIdempotencyKey" SET status = 201, response = ${JSON.stringify(resource)}::jsonb,
            "agreementId" = ${agreement.id}
          WHERE "tokenId" = ${idempotency.tokenId} AND key = ${idempotency.key}`;
      }
      return { status: 201 as const, agreement: resource, replayed: false };
    });
  } catch (error) {
    // Two requests for one new paper id raced past refuseIssuedPaper: the unique key refused one.
    if (uniqueViolationFields(error) && request.paperId) {
      throw paperIssued(request);
    }
    throw error;
  }
}

/** The stored answer of the key's first request, or null once this request holds the key. */
async function claimKey(tx: Tx, { tokenId, key, requestBody }: Idempotency): Promise<CreatedAgreement | null> {
  const requestSha256 = sha256Hex(canonicalJson(requestBody));
  const claimed = await tx.$executeRaw`
    INSERT INTO "ApiIdempotencyKey" ("tokenId", key, "requestSha256", status, response)
    VALUES (${tokenId}, ${key}, ${requestSha256}, 0, 'null'::jsonb)
    ON CONFLICT ("tokenId", key) DO NOTHING`;
  if (claimed === 1) return null;
  const earlier = await tx.apiIdempotencyKey.findUniqueOrThrow({ where: { tokenId_key: { tokenId, key } } });
  if (earlier.requestSha256 !== requestSha256) {
    throw new AppError("IDEMPOTENCY_KEY_REUSED", {
      userMessage:
        `The Idempotency-Key "${key}" was used on ${earlier.createdAt.toISOString()} with a different request ` +
        `(agreement ${earlier.agreementId}). Use a new key for a new agreement.`,
    });
  }
  return { status: 201, agreement: earlier.response as AgreementResource, replayed: true };
}

async function refuseIssuedPaper(tx: Tx, request: CreateAgreementRequest) {
  if (!request.paperId) return;
  const issued = await tx.agreement.findFirst({
    where: { paperId: request.paperId, proceedings: { name: request.proceedings } },
    select: { id: true },
  });
  if (issued) throw paperIssued(request, issued.id);
}

function paperIssued(request: CreateAgreementRequest, agreementId?: string) {
  return new AppError("ALREADY_EXISTS", {
    userMessage:
      `Paper ${request.paperId} already has an agreement in ${request.proceedings}` +
      `${agreementId ? ` (${agreementId})` : ""}: correct or reissue that one instead.`,
    field: "paperId",
  });
}

/** JSON with its object keys sorted, so the same request hashes the same however its keys were ordered. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
