/** Who asks for a correction and from where: every correction's audit event carries it. */
export type CorrectionRequest = {
  agreementId: string;
  /** e.g. "staff:alice@example.org" */
  actor: string;
  ip?: string | null;
  userAgent?: string | null;
};
