// Microsoft CMT's paper export has three author columns: "Authors" (each name with its affiliation
// and a * after the primary contact: "Élodie Martin (Université Paris)*; Jürgen Weiß (TU München)"),
// "Author Names" (the names alone, ";"-separated) and "Author Emails" (aligned with the names, the
// primary contact's marked with *). The names alone are what the agreement must show, and the
// emails give every co-author theirs, so a header with these columns reads them instead.

const compact = (name: string) =>
  name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_.\-]+/g, "");

export type CmtAuthorColumns = { names: number | null; emails: number | null };

export function cmtAuthorColumns(header: readonly string[]): CmtAuthorColumns {
  const names = header.findIndex((cell) => compact(cell) === "authornames");
  const emails = header.findIndex((cell) => compact(cell) === "authoremails");
  return { names: names >= 0 ? names : null, emails: emails >= 0 ? emails : null };
}

/** "A; B" and "a@x*; b@y" as the "A <a@x>; B <b@y>" the authors cell takes; unpaired names stay bare. */
export function pairCmtAuthors(names: string, emails: string): string {
  const addresses = emails.split(";").map((email) => email.replace(/\*/g, "").trim());
  return names
    .split(";")
    .map((name, i) => (addresses[i] && name.trim() ? `${name.trim()} <${addresses[i]}>` : name))
    .join(";");
}
