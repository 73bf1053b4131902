import "server-only";
import { db } from "@/lib/db/client";
import type { ChainBreak } from "./verify-chain";

type SealedHead = { agreementId: string; eventId: bigint; eventHash: string; sealedAt: Date };

const iso = (date: Date) => date.toISOString();

/**
 * The chain heads printed on sealed PDFs, as a second set of anchors beside the checkpoints. They
 * live with the sealed records (append-only, and what authors hold in their hands), so a superuser
 * who deletes every checkpoint still leaves them behind: each must still match the log, and each
 * must still have the signed checkpoint its seal wrote. Walked alongside the events, in one pass.
 */
export async function sealedHeadCheck(sealCheckpointAgreements: ReadonlySet<string>) {
  const rows = await db.signedDocument.findMany({
    where: { chainHeadEventId: { not: null } },
    select: { agreementId: true, chainHeadEventId: true, chainHeadHash: true, sealedAt: true },
    orderBy: { chainHeadEventId: "asc" },
  });
  const heads: SealedHead[] = rows.map((row) => ({
    agreementId: row.agreementId,
    eventId: row.chainHeadEventId!,
    eventHash: row.chainHeadHash ?? "",
    sealedAt: row.sealedAt,
  }));
  const problems: ChainBreak[] = heads
    .filter((head) => !sealCheckpointAgreements.has(head.agreementId))
    .map((head) =>
      problem(
        head,
        "checkpoint_missing",
        `the signed checkpoint written when agreement ${head.agreementId} was sealed (${iso(head.sealedAt)}, head #${head.eventId}) is gone: checkpoints were deleted`,
      ),
    );
  let next = 0;
  return {
    /** Called for every event in id order. */
    see(event: { id: bigint; hash: string }) {
      for (; next < heads.length && heads[next].eventId <= event.id; next++) {
        const head = heads[next];
        if (head.eventId < event.id)
          problems.push(
            problem(
              head,
              "deleted",
              `event #${head.eventId}, the head printed on agreement ${head.agreementId}'s sealed PDF, was deleted`,
            ),
          );
        else if (head.eventHash !== event.hash)
          problems.push(
            problem(
              head,
              "rewritten",
              `the chain was rewritten and its hashes recomputed: agreement ${head.agreementId}'s sealed PDF printed ${head.eventHash.slice(0, 12)}… as the hash of event #${head.eventId}, the log now has ${event.hash.slice(0, 12)}…`,
            ),
          );
      }
    },
    /** After the last event: heads beyond the end of the log mean its newest events were deleted. */
    finish(last: { id: bigint } | null): ChainBreak[] {
      const beyond = heads.slice(next);
      if (beyond.length > 0) {
        const furthest = beyond[beyond.length - 1];
        problems.push(
          problem(
            furthest,
            "truncated",
            `the log was truncated: agreement ${furthest.agreementId}'s sealed PDF printed event #${furthest.eventId} as the head, but the log now ends at ${last ? `#${last.id}` : "nothing (it is empty)"}`,
          ),
        );
      }
      return problems;
    },
  };
}

function problem(head: SealedHead, kind: ChainBreak["kind"], text: string): ChainBreak {
  return { eventId: String(head.eventId), type: "(sealed PDF)", occurredAt: head.sealedAt, kind, problem: text };
}
