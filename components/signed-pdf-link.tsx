/** The author's download of the sealed PDF, through their own signing link. */
export function SignedPdfLink({ token, label }: { token: string; label: string }) {
  return (
    <p>
      <a className="button" href={`/sign/${token}/pdf`}>
        {label}
      </a>
    </p>
  );
}
