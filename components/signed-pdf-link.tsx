/** The author's download of the sealed PDF, through their own signing link. */
export function SignedPdfLink({ token }: { token: string }) {
  return (
    <p>
      <a className="button" href={`/sign/${token}/pdf`}>
        Download signed PDF
      </a>
    </p>
  );
}
