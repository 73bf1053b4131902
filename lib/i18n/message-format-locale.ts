import { IntlMessageFormat } from "intl-messageformat";
import { LOCALE_TAGS } from "./locales";

// intl-messageformat (under use-intl) checks every message's locale against ICU's list of
// number-format locales (Intl.NumberFormat.supportedLocalesOf) before it parses the message. That
// one call makes ICU load its number-formatting locale data: ~4.5–5.7 MB of Node's binary that
// stays resident for the process's life, on a server whose messages format no numbers (measured
// through /proc/<pid>/smaps). Our locales are the eight tags in LOCALE_TAGS, all in Node's full
// ICU, so for them the check answers what we already know; any other tag still goes through it.
const OUR_TAGS = new Set<string>(Object.values(LOCALE_TAGS));

let done = false;

/** Skips intl-messageformat's ICU locale check for our own locale tags. Idempotent. */
export function trustOurMessageLocales(): void {
  if (done) return;
  const checked = IntlMessageFormat.resolveLocale;
  // A third-party internal (a static of the class): fail loudly if a new version drops it.
  if (typeof checked !== "function")
    throw new Error("intl-messageformat has no IntlMessageFormat.resolveLocale any more: see message-format-locale.ts");
  IntlMessageFormat.resolveLocale = (locales) =>
    typeof locales === "string" && OUR_TAGS.has(locales) ? new Intl.Locale(locales) : checked(locales);
  done = true;
}
