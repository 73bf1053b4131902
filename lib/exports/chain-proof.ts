import "server-only";
import { db } from "@/lib/db/client";
import { chainHead } from "@/lib/audit/chain-head";
import { GENESIS_HASH } from "@/lib/audit/canonical-event";
import { verifyAuditChain } from "@/lib/audit/verify-chain";

export const HOW_TO_VERIFY = [
  "Every audit event is chained to the one before it in the whole log (all agreements, in id order).",
  "hash = SHA-256 over the UTF-8 bytes of (prevHash || canonical event), written as 64 lowercase hex digits; prevHash of the first event is 64 zeros.",
  "The canonical event is the JSON object { agreementId, type, actor, occurredAt, ip, userAgent, data } with occurredAt as an ISO 8601 UTC string with milliseconds (e.g. 2026-11-26T15:24:07.123Z), absent values as null, object keys sorted by code point at every level, array order kept, no whitespace, strings escaped as JSON.stringify does.",
  "To check an event in events.json: build that JSON from its fields, prepend its prevHash, hash with SHA-256 and compare with its hash.",
  "Events of other agreements sit between these ones, so the links between them are checked on the whole log: chainVerifiedNow says whether all events recomputed and linked when this pack was made, and chainHead is the newest hash then. Keep chainHead: a later log that still contains it unchanged proves nothing before it was altered (npm run audit:verify recomputes the whole chain).",
].join("\n");

export type ChainLink = { id: string; prevHash: string; hash: string };

/** The agreement's links in the chain, and whether the whole chain holds at this moment. */
export async function chainProof(links: ChainLink[], now: Date) {
  const verdict = await verifyAuditChain();
  const head = verdict.intact ? verdict.head : await chainHead(db);
  return {
    algorithm: "SHA-256",
    genesisHash: GENESIS_HASH,
    generatedAt: now.toISOString(),
    events: links,
    chainHead: head,
    chainVerifiedNow: verdict.intact,
    eventsChecked: verdict.events,
    ...(verdict.intact
      ? {}
      : { firstBreak: { ...verdict.firstBreak, occurredAt: verdict.firstBreak.occurredAt.toISOString() } }),
    "how-to-verify": HOW_TO_VERIFY,
  };
}
