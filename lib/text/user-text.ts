import { z } from "zod";
import { formatCount } from "./format-count";

// Every piece of text a person types (names, titles, emails, reasons, CSV cells, PUBLISHER_NAME)
// passes through cleanUserText before it is stored. The stored string is then the one the
// signing page, the PDF, emails, staff pages and exports all show: nothing invisible can make
// the author and the staff see different text, and nothing can add a line to the legal text.
//
// Refused, with a message naming the field (refusing rather than silently dropping, because a
// name is evidence and the person should see exactly what will be recorded):
// - control characters (C0, DEL, C1); in single-line fields also line breaks and tabs, and "{{" or
//   "}}" (template placeholders: a title must not become a question or placeholder in the text);
// - bidirectional controls: embeddings, overrides, isolates and the LRM/RLM/ALM marks;
// - zero-width and other invisible characters (format characters such as ZWSP, word joiner, BOM,
//   soft hyphen; Hangul fillers; tags; everything Unicode calls default-ignorable) and code points
//   that are not characters. Those a script or emoji needs are allowed only where they do that
//   job: ZWNJ and ZWJ between two letters or marks of a script that uses them to choose letter
//   forms (Persian "می‌خواهم", Devanagari, …), ZWJ between emoji ("👩‍💻"), variation selectors
//   after a symbol or a Han character (not after a Latin, Greek or Cyrillic letter, where they
//   would only make two identical-looking names differ), Mongolian's own separators, and the tag
//   letters of a subdivision flag.
// Changed silently, because nobody can see the difference: NFC normalisation (an "é" typed as
// "e" + U+0301 is stored as U+00E9), leading and trailing white space, runs of spaces in
// single-line fields, and in multi-line fields CR LF / CR / U+2028 / U+2029 become "\n" and a tab
// becomes a space.

const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const ZERO_WIDTH = /[\u180E\u200B-\u200D\u2060\uFEFF]/u;
// Characters a renderer may draw as nothing: format characters (Cf), Hangul fillers, the
// combining grapheme joiner, variation selectors, tags…, and code points that are not characters.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Noncharacter_Code_Point}]/u;
const LONE_SURROGATE = /\p{Surrogate}/u;
// A symbol that nevertheless draws as nothing (the Hangul fillers are default-ignorable, so
// INVISIBLE has them): a "name" made of braille blanks looks empty or padded.
const BLANK_LOOKING = /\u2800/u;
// Combining marks pile up over a letter ("Zalgo" text) and spill over neighbouring lines on a
// page; no script needs more than a handful on one letter (Vietnamese two, Tibetan stacks a few).
const MAX_MARKS_ON_ONE_LETTER = 8;
const STACKED_MARKS = new RegExp(`\\p{M}{${MAX_MARKS_ON_ONE_LETTER + 1},}`, "u");
// Every character refusedCharacterIn can refuse is in one of these classes (line breaks and tabs
// are Cc, or U+2028/U+2029; the bidi and zero-width controls are Cf). Text with none of them, most
// names and titles, skips the walk character by character, which a 10,000-row import pays per cell.
export const MAY_BE_REFUSED =
  /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}\u2028\u2029\u2800]/u;

const SCRIPTS_WITH_JOINERS = [
  "Arabic",
  "Syriac",
  "Nko",
  "Hanifi_Rohingya",
  "Mongolian",
  "Devanagari",
  "Bengali",
  "Gurmukhi",
  "Gujarati",
  "Oriya",
  "Tamil",
  "Telugu",
  "Kannada",
  "Malayalam",
  "Sinhala",
  "Tibetan",
  "Myanmar",
  "Khmer",
].map((script) => new RegExp(`^(?=[\\p{L}\\p{M}])\\p{Script_Extensions=${script}}$`, "u"));
const MONGOLIAN = /^\p{Script_Extensions=Mongolian}$/u;
const HAN = /^\p{Script_Extensions=Han}$/u;
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const EMOJI_PRESENTATION_OR_SKIN_TONE = /^[\uFE0F\u{1F3FB}-\u{1F3FF}]$/u;
// A subdivision flag (🏴 + tag letters + cancel tag, e.g. Scotland's) is the one use of tag characters.
const FLAG_TAG_SEQUENCE = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu;

export type TextKind = { label: string; multiline?: boolean };
export type CleanedText = { ok: true; value: string } | { ok: false; message: string };

/** Normalises text for storage, or says in one sentence, naming the field, why it is refused. */
export function cleanUserText(raw: string, { label, multiline = false }: TextKind): CleanedText {
  let value = raw.normalize("NFC");
  if (multiline) value = value.replace(/\r\n?|[\u2028\u2029]/g, "\n").replace(/\t/g, " ");
  value = value.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, "");
  const message = problemIn(value, label, multiline);
  if (message) return { ok: false, message };
  return { ok: true, value: multiline ? value : value.replace(/\p{Zs}+/gu, " ") };
}

function problemIn(value: string, label: string, multiline: boolean): string | null {
  if (LONE_SURROGATE.test(value)) return `${label} contains a broken character; type it again.`;
  const refusal = MAY_BE_REFUSED.test(value) ? refusedCharacterIn(value, label, multiline) : null;
  if (refusal) return refusal;
  // One-line values (titles, names, volumes, paper ids) fill agreement templates, whose
  // placeholders and question lines are written in double braces: a value holding them could turn
  // into a question or a placeholder in the text the author signs.
  if (!multiline && /\{\{|\}\}/.test(value))
    return `${label} contains “{{” or “}}”, which mark placeholders in agreement templates; use single braces.`;
  if (STACKED_MARKS.test(value))
    return `${label} stacks more than ${MAX_MARKS_ON_ONE_LETTER} accents or marks on one letter; remove the extra ones.`;
  return null;
}

/**
 * The first character refused where it stands (see the list at the top), in one sentence; else null.
 * Exported for the test that checks MAY_BE_REFUSED lets no refused character skip this walk.
 */
export function refusedCharacterIn(value: string, label: string, multiline: boolean): string | null {
  const characters = Array.from(value.replace(FLAG_TAG_SEQUENCE, "\u{1F3F4}"));
  for (const [index, character] of characters.entries()) {
    if (character === "\n" && multiline) continue;
    if (!multiline && /[\n\r\v\f\u0085\u2028\u2029]/.test(character))
      return `${label} must be on one line: remove the line break.`;
    if (!multiline && character === "\t") return `${label} must be on one line: replace the tab with a space.`;
    const code = codePoint(character);
    if (/\p{Cc}/u.test(character)) return `${label} contains a control character (${code}); remove it.`;
    if (BIDI_CONTROLS.test(character)) {
      return `${label} contains an invisible text-direction character (${code}), which can make it display differently from what is stored; remove it.`;
    }
    if (BLANK_LOOKING.test(character))
      return `${label} contains a character that displays as blank (${code}); remove it.`;
    if (!INVISIBLE.test(character) || neededWhereItIs(characters, index)) continue;
    if (ZERO_WIDTH.test(character)) return `${label} contains an invisible zero-width character (${code}); remove it.`;
    return `${label} contains an invisible formatting character (${code}); remove it.`;
  }
  return null;
}

/** The invisible characters that scripts and emoji need, allowed only where they do that job. */
function neededWhereItIs(characters: string[], index: number): boolean {
  const character = characters[index];
  const before = characters[index - 1] ?? "";
  const after = characters[index + 1] ?? "";
  if (character === "\u200C" || character === "\u200D") {
    if (SCRIPTS_WITH_JOINERS.some((script) => script.test(before) && script.test(after))) return true;
    const emojiBefore =
      PICTOGRAPH.test(before) ||
      (EMOJI_PRESENTATION_OR_SKIN_TONE.test(before) && PICTOGRAPH.test(characters[index - 2] ?? ""));
    return character === "\u200D" && emojiBefore && PICTOGRAPH.test(after);
  }
  // Mongolian's vowel separator and free variation selectors shape the letters around them.
  if (/[\u180B-\u180F]/.test(character))
    return MONGOLIAN.test(before) && (character !== "\u180E" || MONGOLIAN.test(after));
  // Emoji and text presentation (☎︎ ☎️) and standardised variants follow a visible symbol or
  // keycap digit, never a letter of a Latin name or a space.
  if (/[\uFE00-\uFE0F]/.test(character))
    return (
      before !== "" &&
      !/^[\p{White_Space}\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\uFE00-\uFE0F]$/u.test(before)
    );
  // Ideographic variation selectors choose the exact glyph of a Han character in a Japanese name.
  if (/[\u{E0100}-\u{E01EF}]/u.test(character)) return HAN.test(before);
  return false;
}

function codePoint(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

type TextOptions = {
  /** The message when the field is empty; omit for an optional field (it then parses to ""). */
  required?: string;
  /** The message when it is too long; by default "<label> must be at most <max> characters." */
  tooLong?: string;
};

/** A zod schema for a one-line field: names, titles, emails, the publisher, a paper id. */
export function singleLineText(label: string, max: number, options: TextOptions = {}) {
  return userText({ label }, max, options);
}

/** A zod schema for a field that may hold several lines ("\n" only): reasons, notes. */
export function multiLineText(label: string, max: number, options: TextOptions = {}) {
  return userText({ label, multiline: true }, max, options);
}

function userText(kind: TextKind, max: number, { required, tooLong }: TextOptions) {
  const checked = z.string();
  return z
    .string()
    .transform((raw, context) => {
      const cleaned = cleanUserText(raw, kind);
      if (cleaned.ok) return cleaned.value;
      context.issues.push({ code: "custom", message: cleaned.message, input: raw });
      return z.NEVER;
    })
    .pipe(
      (required ? checked.min(1, required) : checked).max(
        max,
        tooLong ?? `${kind.label} must be at most ${formatCount(max)} characters.`,
      ),
    );
}

/** An email address as people type it: one clean line, lower-cased, then checked as an address. */
export function emailAddress(label: string, messages: { required?: string; tooLong?: string } = {}) {
  return singleLineText(label, 254, {
    required: messages.required ?? `${label} is required.`,
    tooLong: messages.tooLong,
  })
    .transform((value) => value.toLowerCase())
    .pipe(z.email("Enter an email address like name@example.org."));
}
