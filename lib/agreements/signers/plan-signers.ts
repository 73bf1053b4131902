// Who signs an agreement issued on an every-author template: each author whose email is known, in
// the order of the author list. The corresponding author always signs, at the address their
// invitation goes to, even when the author list gives no email for them.

export type PlannedSigner = { position: number; name: string; email: string };

type Authors = {
  authors: string[];
  authorEmails?: string[];
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
};

export function planSigners(agreement: Authors): PlannedSigner[] {
  const { authors, authorEmails = [], correspondingAuthorName, correspondingAuthorEmail } = agreement;
  const corresponding = authors.findIndex((name) => name.toLowerCase() === correspondingAuthorName.toLowerCase());
  const signers: PlannedSigner[] = [];
  authors.forEach((name, position) => {
    const email = position === corresponding ? correspondingAuthorEmail : authorEmails[position];
    if (email) signers.push({ position, name, email });
  });
  return signers;
}

/** The co-authors a signature is made for: every author with a known email but the corresponding author. */
export function coauthorsToTell({ authors, authorEmails = [], correspondingAuthorEmail }: Authors) {
  return authors
    .map((name, position) => ({ name, email: authorEmails[position] ?? "" }))
    .filter(({ email }) => email && email !== correspondingAuthorEmail.toLowerCase());
}
