import { z } from "zod";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "./locales";

/**
 * The language an agreement's emails are written in, from a BCP 47 tag as staff type it in the
 * issue form or a CSV's `language` column: one of ours ("de", "pt-BR" → pt, "zh-Hans" or "zh-CN"
 * → Chinese, simplified), or null. Traditional Chinese is refused rather than sent in simplified.
 */
export function emailLocale(tag: string): Locale | null {
  let canonical: string;
  try {
    [canonical] = Intl.getCanonicalLocales(tag.trim());
  } catch {
    return null;
  }
  if (!canonical) return null;
  const locale = new Intl.Locale(canonical).maximize();
  if (locale.language === "zh" && locale.script !== "Hans") return null;
  return (LOCALES as readonly string[]).includes(locale.language) ? (locale.language as Locale) : null;
}

export const EMAIL_LANGUAGE_PROBLEM = `use one of ${LOCALES.join(", ")} (a language tag such as de or pt-BR), or leave it empty for English.`;

/** The optional `language` field: empty is English; anything else must be one of our languages. */
export const emailLanguageField = z
  .string()
  .optional()
  .transform((value, context): Locale => {
    if (!value?.trim()) return DEFAULT_LOCALE;
    const locale = emailLocale(value);
    if (locale) return locale;
    const shown = value.trim().slice(0, 40);
    context.issues.push({
      code: "custom",
      message: `“${shown}” is not a language the authors' emails can be written in: ${EMAIL_LANGUAGE_PROBLEM}`,
      input: value,
    });
    return z.NEVER;
  });
