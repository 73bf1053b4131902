// Every-author agreements on the volume board: counted per signer, since a paper is done only when
// all its authors have signed.

type Counts = { total: number; signed: number; waiting: number; declined: number } | null;

export function SignerCounts({ counts }: { counts: Counts }) {
  if (!counts) return null;
  return (
    <p data-testid="signer-counts">
      Authors signing for themselves: {counts.signed} of {counts.total} signed, {counts.waiting} yet to sign
      {counts.declined ? `, ${counts.declined} declined` : ""}.
    </p>
  );
}

export function SignerTally({ signers }: { signers: { status: string }[] }) {
  if (signers.length === 0) return null;
  const signed = signers.filter((signer) => signer.status === "signed").length;
  return (
    <p>
      <small>
        {signed} of {signers.length} authors signed
      </small>
    </p>
  );
}
