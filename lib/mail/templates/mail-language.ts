import { isLocale, LOCALE_TAGS, type Locale } from "@/lib/i18n/locales";
import { mailTranslator } from "./mail-translator";

/**
 * The words of an author's email in its language (an agreement's `language`, or the language the
 * author signed in); anything else, or none, is English. The agreement's own title, names and links
 * go in as they are.
 */
export function mailLanguage(language: string | null | undefined) {
  const locale: Locale = isLocale(language) ? language : "en";
  const t = mailTranslator(locale);
  return { t, lang: LOCALE_TAGS[locale], buttonFallback: t("buttonFallback") };
}
