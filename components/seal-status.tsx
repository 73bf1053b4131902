import type { ReactNode } from "react";

type SealState = {
  status: "pending" | "waiting_for_timestamp" | "sealed" | "failed" | null;
  attempts: number;
  error: string | null;
};

/** Where the signed PDF stands, as staff need to know it: sealing, sealed, or failed and why. */
export function SealStatus({ seal, retry }: { seal: SealState; retry?: ReactNode }) {
  if (seal.status === "sealed") return <span>Sealed</span>;
  if (seal.status === "pending")
    return (
      <span>
        Signed — sealing{seal.attempts > 0 ? ` (attempt ${seal.attempts + 1}; last error: ${seal.error})` : "…"}
      </span>
    );
  if (seal.status === "waiting_for_timestamp")
    return <span>Signed — sealing, waiting for the timestamp authority ({seal.error})</span>;
  if (seal.status === "failed")
    return (
      <span className="stack">
        <strong className="field-error">
          Seal failed after {seal.attempts} attempts: {seal.error}
        </strong>{" "}
        {retry}
      </span>
    );
  return <span>—</span>;
}
