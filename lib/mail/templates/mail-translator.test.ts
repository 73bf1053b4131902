import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/locales";
import { MESSAGES, translator } from "@/lib/i18n/translator";
import { mailTranslator } from "./mail-translator";

/** Every message key under `mail`, dotted, with a value for each of its placeholders. */
function mailMessages(messages: object, prefix = ""): { key: string; values: Record<string, string | number> }[] {
  return Object.entries(messages).flatMap(([name, message]) => {
    const key = `${prefix}${name}`;
    if (typeof message !== "string") return mailMessages(message as object, `${key}.`);
    const names = [...message.matchAll(/\{(\w+)(,[^}]*)?/g)].map((m) => [m[1], m[2]] as const);
    const values = Object.fromEntries(
      names.map(([n, kind]) => [n, kind?.includes("number") || kind?.includes("plural") ? 3 : `‹${n} “x” & <y>›`]),
    );
    return [{ key, values }];
  });
}

describe("the emails' translator", () => {
  it("formats every mail message in every language exactly as use-intl's translator does", () => {
    let compared = 0;
    for (const locale of LOCALES) {
      const fast = mailTranslator(locale) as unknown as (key: string, values?: object) => string;
      const intl = translator(locale, "mail") as unknown as (key: string, values?: object) => string;
      for (const { key, values } of mailMessages(MESSAGES[locale].mail)) {
        const withValues = Object.keys(values).length > 0 ? values : undefined;
        expect(fast(key, withValues), `${locale} ${key}`).toBe(intl(key, withValues));
        // Twice: the second call uses the compiled message.
        expect(fast(key, withValues), `${locale} ${key}`).toBe(intl(key, withValues));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(8 * 20);
  });

  it("falls back to English for a key a language lacks, as use-intl's translator does", () => {
    const fast = mailTranslator("de") as unknown as (key: string, values?: object) => string;
    const intl = translator("de", "mail") as unknown as (key: string, values?: object) => string;
    expect(fast("no.such.key")).toBe(intl("no.such.key"));
  });
});
