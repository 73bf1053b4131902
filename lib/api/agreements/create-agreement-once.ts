import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import type { AgreementToWrite } from "@/lib/agreements/create-agreement-in-tx";
import { issueAgreementGuarded, issueAgreementInTx } from "@/lib/agreements/issue-agreement";
import { sha256Hex } from "@/lib/crypto/hashing";
import { db, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { uniqueViolationFields } from "@/lib/db/unique-violation";
import { AppError } from "@/lib/errors/app-error";
import { agreementResourceOf } from "./agreement-resource";
import type { AgreementResource, CreateAgreementRequest } from "./agreement-schemas";

export type CreatedAgreement = { status: 201; agreement: AgreementResource; replayed: boolean };

type Idempotency = { tokenId: string; key: string; requestBody: unknown };

type Claim = Idempotency & { requestSha256: string };

/**
 * POST /api/v1/agreements. With an Idempotency-Key, the key is claimed in the statement that
 * creates the agreement (INSERT … ON CONFLICT DO NOTHING on the token's key, with its answer): a
 * concurrent request with the same key waits on that row, then finds it and answers from it, so one
 * key makes one agreement. The same key with the same body replays the first answer; with another
 * body it is a 409. A failed create writes no key, so the key can be used again.
 */
export async function createAgreementOnce(
  context: AuditContext,
  request: CreateAgreementRequest,
  idempotency: Idempotency | null,
): Promise<CreatedAgreement> {
  const claim = idempotency && { ...idempotency, requestSha256: sha256Hex(canonicalJson(idempotency.requestBody)) };
  try {
    for (let attempt = 1; ; attempt += 1) {
      // One statement, committed on its own, in the common case: the volume exists and one author signs.
      const issued = await issueAgreementGuarded(context, request, (agreement, volume, current) =>
        claimOrRefuse(request, claim, agreement, volume, current),
      );
      if (issued === undefined) return await createInTransaction(context, request, claim);
      if (issued.agreement) {
        return { status: 201, agreement: agreementResourceOf(issued.agreement, issued.proceedings), replayed: false };
      }
      // Nothing was written: the key had been used, or the paper has its agreement (both committed by
      // now), or the volume had changed since it was read for an earlier create (read afresh next time).
      const earlier = claim && (await answerOfKey(db, claim));
      if (earlier) return earlier;
      if (request.paperId) await refuseIssuedPaper(db, request);
      // The volume had changed, or both reasons vanished since (a key cleaned up, an agreement withdrawn): try again.
      if (attempt === 3) throw new Error("An API create was refused three times with no reason left to find.");
    }
  } catch (error) {
    // Two requests for one new paper id raced past the paper's check: the unique key refused one.
    if (uniqueViolationFields(error) && request.paperId) {
      throw paperIssued(request);
    }
    throw error;
  }
}

/**
 * The guard of the creating statement: the volume is as it was read (`current`), the paper has no
 * agreement in it yet, and (with an Idempotency-Key) this request claims the key, storing the answer
 * it will give, since the key's row cannot be updated by the statement that inserts it.
 */
function claimOrRefuse(
  request: CreateAgreementRequest,
  claim: Claim | null,
  agreement: AgreementToWrite,
  volume: { id: string; name: string },
  current: Prisma.Sql,
) {
  const writable = request.paperId
    ? Prisma.sql`${current} AND NOT EXISTS (
        SELECT FROM "Agreement" WHERE "proceedingsId" = ${volume.id} AND "paperId" = ${request.paperId})`
    : current;
  if (!claim) return Prisma.sql`SELECT WHERE ${writable}`;
  const answer = agreementResourceOf({ ...agreement, signedAt: null }, volume);
  return Prisma.sql`
    INSERT INTO "ApiIdempotencyKey" ("tokenId", key, "requestSha256", status, response, "agreementId")
    SELECT ${claim.tokenId}, ${claim.key}, ${claim.requestSha256}, 201, ${JSON.stringify(answer)}::jsonb, ${agreement.id}
    WHERE ${writable}
    ON CONFLICT ("tokenId", key) DO NOTHING
    RETURNING 1`;
}

/**
 * The create in a transaction of several statements, when it cannot be one: the volume's first
 * agreement (which creates the volume) or a template every author signs. The key is claimed first.
 */
async function createInTransaction(
  context: AuditContext,
  request: CreateAgreementRequest,
  claim: Claim | null,
): Promise<CreatedAgreement> {
  return db.$transaction(async (tx) => {
    if (claim) {
      const earlier = await claimKey(tx, claim);
      if (earlier) return earlier;
    }
    await refuseIssuedPaper(tx, request);
    const { agreement, proceedings } = await issueAgreementInTx(tx, context, request);
    const resource = agreementResourceOf(agreement, proceedings);
    if (claim) {
      await tx.$executeRaw`
        UPDATE "ApiIdempotencyKey" SET status = 201, response = ${JSON.stringify(resource)}::jsonb,
          "agreementId" = ${agreement.id}
        WHERE "tokenId" = ${claim.tokenId} AND key = ${claim.key}`;
    }
    return { status: 201 as const, agreement: resource, replayed: false };
  });
}

/** The stored answer of the key's first request, or null once this request holds the key. */
async function claimKey(tx: Tx, claim: Claim): Promise<CreatedAgreement | null> {
  const claimed = await tx.$executeRaw`
    INSERT INTO "ApiIdempotencyKey" ("tokenId", key, "requestSha256", status, response)
    VALUES (${claim.tokenId}, ${claim.key}, ${claim.requestSha256}, 0, 'null'::jsonb)
    ON CONFLICT ("tokenId", key) DO NOTHING`;
  if (claimed === 1) return null;
  const earlier = await answerOfKey(tx, claim);
  if (!earlier) throw new Error(`The Idempotency-Key "${claim.key}" is taken, yet its row is gone.`);
  return earlier;
}

/** The key's first request's answer to give again (null: the key is unused), or a 409 for another body. */
async function answerOfKey(client: Tx, { tokenId, key, requestSha256 }: Claim): Promise<CreatedAgreement | null> {
  const earlier = await client.apiIdempotencyKey.findUnique({ where: { tokenId_key: { tokenId, key } } });
  if (!earlier) return null;
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
