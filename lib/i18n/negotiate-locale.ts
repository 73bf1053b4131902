import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "./locales";

/**
 * The best of our languages for an Accept-Language header: the client's languages in q-value
 * order (q=0 excluded), each matched by CLDR's language distance, so zh-CN and zh-Hans find
 * Chinese (simplified), pt-BR finds Portuguese and de-AT German; nothing close enough → English.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  // Browsers send few distinct headers and matching costs a CLDR distance search: remember answers
  // (a bounded map, so a client inventing headers cannot grow it).
  const known = answers.get(acceptLanguage);
  if (known) return known;
  const locale = negotiate(acceptLanguage);
  if (answers.size >= MAX_REMEMBERED) answers.delete(answers.keys().next().value!);
  answers.set(acceptLanguage, locale);
  return locale;
}

const MAX_REMEMBERED = 500;
const answers = new Map<string, Locale>();

function negotiate(acceptLanguage: string): Locale {
  const requested = new Negotiator({ headers: { "accept-language": acceptLanguage } }).languages().filter(isValidTag);
  if (requested.length === 0) return DEFAULT_LOCALE;
  return match(requested, LOCALES, DEFAULT_LOCALE) as Locale;
}

// A client may send anything; the matcher throws on what is not a language tag (and "*" means
// "any", which the default already is).
function isValidTag(tag: string): boolean {
  if (tag === "*") return false;
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}
