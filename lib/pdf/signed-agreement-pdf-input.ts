/** Everything printed on a signed agreement; all of it is frozen at the moment of signing. */
export type SignedAgreementPdfInput = {
  agreementId: string;
  /** The frozen agreement text, placeholders already filled in. */
  text: string;
  /** Hex SHA-256 of `text`. */
  textSha256: string;
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
};
