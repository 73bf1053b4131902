// LaTeX control words are letters only (A–Z, a–z), while paper ids are whatever the conference
// system made them ("zhang21b", "ICML-2026/417", "論文-7"). The mapping, documented in the README
// and in the exported file's header:
//   \imprimaturNotice + the id with accents removed (é → e), each digit spelled as a word
//   (0 → Zero … 9 → Nine) and every other character dropped: "zhang21b" → \imprimaturNoticezhangTwoOneb.
// Different ids can map to the same letters ("a-1" and "a1", or two ids with no ASCII letters at
// all): the first id in sorted order (UTF-16 code units) keeps the plain name, each later one gets
// "Alt" plus a letter count (Alt, AltB, AltC, …) that no other id's plain name uses. So every name is valid,
// distinct, and stable for a given set of ids; the file lists which id each name belongs to.

export const NOTICE_COMMAND_PREFIX = "imprimaturNotice";

const DIGITS = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"];

/** The letters a paper id maps to before collisions are resolved. */
export function commandLetters(paperId: string): string {
  return paperId
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[0-9]/g, (digit) => DIGITS[Number(digit)])
    .replace(/[^A-Za-z]/g, "");
}

const suffix = (n: number) => `Alt${n === 1 ? "" : letters(n)}`;
// 2 → B, 26 → Z, 27 → AA: bijective base 26, letters only.
function letters(n: number): string {
  let out = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) out = String.fromCharCode(65 + ((k - 1) % 26)) + out;
  return out;
}

/** One distinct, valid command name (without the backslash) for each paper id. */
export function noticeCommandNames(paperIds: readonly string[]): Map<string, string> {
  const ids = [...new Set(paperIds)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const plain = new Map(ids.map((id) => [id, NOTICE_COMMAND_PREFIX + commandLetters(id)]));
  // Every plain name is reserved for its own id first, so an "Alt" name never takes one.
  const taken = new Set(plain.values());
  const given = new Set<string>();
  const names = new Map<string, string>();
  for (const id of ids) {
    let name = plain.get(id)!;
    if (given.has(name)) {
      let n = 1;
      while (taken.has(name + suffix(n)) || given.has(name + suffix(n))) n += 1;
      name += suffix(n);
    }
    given.add(name);
    names.set(id, name);
  }
  return names;
}
