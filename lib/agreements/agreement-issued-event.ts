/**
 * What the "agreement.issued" event records, whichever way the agreement was issued (the form,
 * a reissue, a CSV batch): an auditor reads one shape, with the paper id null when there is none.
 */
export function agreementIssuedData(
  agreement: { paperId?: string | null; textSha256: string; correspondingAuthorEmail: string },
  template: { key: string; version: number },
  linkExpiresAt: Date,
) {
  return {
    paperId: agreement.paperId ?? null,
    textSha256: agreement.textSha256,
    template: `${template.key}@${template.version}`,
    to: agreement.correspondingAuthorEmail,
    linkExpiresAt: linkExpiresAt.toISOString(),
  };
}
