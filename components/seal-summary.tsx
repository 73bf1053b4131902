import Link from "next/link";
import type { SealStateCounts } from "@/lib/agreements/count-seal-states";

/**
 * The staff home's lines on timestamps: which authority vouches for the seals' time (or that none
 * does), and the seals that wait for it or went ahead without it, each linking to the filtered list.
 */
export function SealSummary({ counts, hrefFor }: { counts: SealStateCounts; hrefFor: (flag: string) => string }) {
  const seals = (count: number) => `${count} seal${count === 1 ? "" : "s"}`;
  return (
    <section className="notice" aria-labelledby="seal-summary-heading">
      <h2 id="seal-summary-heading" className="visually-hidden">
        Seals and timestamps
      </h2>
      <p>
        {counts.authorityProblem
          ? `The timestamp authority setting cannot be used: ${counts.authorityProblem}`
          : counts.authorityHost
            ? `Seals are timestamped by the timestamp authority ${counts.authorityHost} (TSA_URL).`
            : "No timestamp authority is configured (TSA_URL): a seal's time is this server's own."}
      </p>
      <ul>
        <li>
          <Link href={hrefFor("seal_waiting_for_timestamp")}>
            {seals(counts.waitingForTimestamp)} waiting for the timestamp authority
          </Link>
        </li>
        <li>
          <Link href={hrefFor("sealed_without_timestamp")}>
            {seals(counts.sealedWithoutTimestamp)} made without a timestamp
          </Link>{" "}
          (to be re-timestamped)
        </li>
      </ul>
    </section>
  );
}
