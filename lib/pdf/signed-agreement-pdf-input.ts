/**
 * The agreement text as structure, set as on the paper original: the renderer decides how each
 * kind looks, never what is a clause. lib/agreements/agreement-blocks.ts parses the stored text
 * into this shape (its blocks are passed as they are), so the signing page and the PDF number and
 * group clauses the same way.
 */
/** A line's emphasis, when it has any: `text` is then the spans' texts joined. */
export type TextSpan = { text: string; style: "regular" | "bold" | "italic" };
type Styled = { text: string; spans?: readonly TextSpan[] };

export type AgreementTextBlock =
  | ({ kind: "title" } & Styled)
  | ({ kind: "heading" } & Styled)
  | ({ kind: "paragraph" } & Styled)
  | ({ kind: "clause"; number: string; subclauses: readonly ({ number: string } & Styled)[] } & Styled)
  | { kind: "footnote"; marker: string; text: string }
  | { kind: "affirmation"; text: string }
  /** Where a question's answer goes in a text signed before it was answered (never in a signed text). */
  | { kind: "choice"; key: string };

/** One answer to a question the agreement asked, as the certificate lists it. */
export type ChoiceAnswerLine = { question: string; label: string; detail?: string };

/** One audit event as the certificate of completion lists it. */
export type EvidenceEvent = {
  type: string;
  /** How the event reads to a person ("Signed", "Email sent"). */
  label: string;
  occurredAt: Date;
  actor: string;
  ip: string | null;
  userAgent: string | null;
};

/**
 * Who vouches for the seal's time. The certificate page is rendered before sealing, so it can name
 * the timestamp authority but not the time it will give (that is in the digital signature).
 */
export type SealTimeSource =
  /** TSA_URL is set: the seal carries an RFC 3161 signature timestamp from this host. */
  | { kind: "timestamp_authority"; host: string }
  /** No timestamp authority is configured: the time is the publisher's server's own clock. */
  | { kind: "server_clock" }
  /** An authority is configured but stayed unavailable past TSA_GRACE_MINUTES; it timestamps later. */
  | { kind: "authority_unavailable"; host: string };

/** Everything printed on a signed agreement; all of it is frozen at the moment of signing or sealing. */
export type SignedAgreementPdfInput = {
  agreementId: string;
  /** The frozen agreement text (placeholders already filled in), in blocks. */
  blocks: readonly AgreementTextBlock[];
  /** Hex SHA-256 of the frozen text the blocks were parsed from (the signed text, with the answers). */
  textSha256: string;
  /** The questions the agreement asked and the author's answers; absent when it asked none. */
  choiceAnswers?: readonly ChoiceAnswerLine[];
  /** Hex SHA-256 of the text as issued, when the signed text differs from it (it holds the answers). */
  issuedTextSha256?: string;
  publisherName: string;
  proceedingsName: string;
  articleTitle: string;
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  authors: string[];
  /** The name the author typed as their signature. */
  signatureName: string;
  /** Server time of signing. */
  signedAt: Date;
  /** What the certificate of completion records about how the agreement was sent and signed. */
  evidence: {
    /** The address the signing link was sent to. */
    invitedEmail: string;
    /** The agreement's audit events, oldest first. */
    events: EvidenceEvent[];
    /** Hex SHA-256: the audit hash chain's head at sealing time. */
    chainHead: string;
    /** The signing certificate's subject, e.g. "PMLR document seal (self-signed)". */
    sealedBy: string;
    /** Who vouches for the time of the seal. */
    sealTime: SealTimeSource;
  };
  /**
   * Every-author agreements: each author's own signature, in author order. Absent or empty: the
   * corresponding author signed for all.
   */
  signers?: { name: string; email: string; typedName: string; signedAt: Date; ip: string | null }[];
  /** The app's public verification page; the certificate points readers to it when given. */
  verifyUrl?: string;
};
