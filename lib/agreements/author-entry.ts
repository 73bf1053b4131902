import { z } from "zod";

// An author in the issue form or a CSV's authors cell: a name, optionally followed by the author's
// email in angle brackets, "Ada Lovelace <ada@example.org>". That is how mail programs write an
// address and how conference systems (EasyChair, CMT, OpenReview) print an author with their email,
// so an editor can paste the list as it comes. Without an email the author is named in the
// agreement but cannot sign (every-author templates) or be told that it was signed.

export type AuthorEntry = { name: string; email: string | null };

type Parsed = { ok: true; value: AuthorEntry } | { ok: false; message: string };

const WITH_EMAIL = /^(.*?)\s*<([^<>]*)>$/;
const email = z.email();

/** One cleaned line or cell part: "Name" or "Name <email>". */
export function parseAuthorEntry(entry: string): Parsed {
  const match = WITH_EMAIL.exec(entry);
  if (!match) {
    if (/[<>]/.test(entry))
      return {
        ok: false,
        message: `“${entry}”: write an author's email in angle brackets, e.g. Ada Lovelace <ada@example.org>.`,
      };
    return { ok: true, value: { name: entry, email: null } };
  }
  const name = match[1].trim();
  const address = match[2].trim().toLowerCase();
  if (!name) return { ok: false, message: `“${entry}”: give the author's name before the email.` };
  if (!address) return { ok: true, value: { name, email: null } };
  if (!email.safeParse(address).success || address.length > 254)
    return { ok: false, message: `“${entry}”: "${address}" is not an email address.` };
  return { ok: true, value: { name, email: address } };
}

/**
 * Why the authors' emails cannot be used together, or null: two authors with one address would
 * share a signing link, and the corresponding author's line must not name another address than
 * the one their invitation goes to.
 */
export function authorEmailProblem(
  authors: AuthorEntry[] | undefined,
  corresponding: { name?: string; email?: string },
): string | null {
  if (!Array.isArray(authors)) return null;
  const seen = new Map<string, string>();
  for (const author of authors) {
    if (!author.email) continue;
    const other = seen.get(author.email);
    if (other) return `${other} and ${author.name} have the same email (${author.email}): each author needs their own.`;
    seen.set(author.email, author.name);
  }
  const name = corresponding.name?.toLowerCase();
  const line = authors.find((author) => author.email && author.name.toLowerCase() === name);
  if (line && corresponding.email && line.email !== corresponding.email)
    return `${line.name}'s email in All authors (${line.email}) differs from the corresponding author email (${corresponding.email}).`;
  return null;
}

/** Names and emails as two aligned lists, the way an agreement stores them ("" for no email). */
export function splitAuthorEntries(authors: AuthorEntry[]): { authors: string[]; authorEmails: string[] } {
  return { authors: authors.map((author) => author.name), authorEmails: authors.map((author) => author.email ?? "") };
}

/** The form's lines again from a stored agreement: "Name <email>" where the email is known. */
export function authorLinesOf(agreement: { authors: string[]; authorEmails?: string[] }): string {
  return agreement.authors
    .map((name, index) => (agreement.authorEmails?.[index] ? `${name} <${agreement.authorEmails[index]}>` : name))
    .join("\n");
}
