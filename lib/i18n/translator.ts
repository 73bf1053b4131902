// use-intl is next-intl's core, without React: the same translator runs in Next's pages, in the
// front door (link problems) and in the worker (emails), the last two outside Next's build.
import { createTranslator } from "use-intl/core";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import es from "@/messages/es.json";
import fr from "@/messages/fr.json";
import ja from "@/messages/ja.json";
import ko from "@/messages/ko.json";
import pt from "@/messages/pt.json";
import zh from "@/messages/zh.json";
import { LOCALE_TAGS, type Locale } from "./locales";
import { trustOurMessageLocales } from "./message-format-locale";

// The authors' words only (the signing page, its link-problem pages, their emails): read on the
// server, never sent to the browser as a catalogue — client components get their strings as props.
// test/messages.test.ts keeps every language's keys and placeholders the same as English's.
export const MESSAGES: Record<Locale, Messages> = { en, zh, ja, ko, es, fr, de, pt };

export type Messages = typeof en;
type Namespace = "sign" | "signers" | "notice" | "switcher" | "formErrors" | "errors" | "mail";

const cache = new Map<string, unknown>();

/**
 * A translator for one namespace in one language. Made once per process and kept: it caches the
 * compiled ICU messages, so a request formats without parsing anything.
 */
export function translator<N extends Namespace>(locale: Locale, namespace: N) {
  const key = `${locale}:${namespace}`;
  let made = cache.get(key) as ReturnType<typeof make<N>> | undefined;
  if (!made) {
    made = make(locale, namespace);
    cache.set(key, made);
  }
  return made;
}

function make<N extends Namespace>(locale: Locale, namespace: N) {
  trustOurMessageLocales();
  return createTranslator({
    locale: LOCALE_TAGS[locale],
    messages: MESSAGES[locale],
    namespace,
    // A missing message is a defect the messages test catches; never show a raw key to an author.
    onError: (error) => console.error(`[i18n] ${locale}: ${error.message}`),
    getMessageFallback: ({ key }) => {
      const english = (en as Record<string, Record<string, unknown>>)[namespace]?.[key];
      return typeof english === "string" ? english : key;
    },
  });
}

/** A language's name in the page's language ("English", "英语", "Englisch"), for the text-language note. */
export function languageName(tag: string, inLocale: Locale): string {
  const key = `${inLocale}:${tag}`;
  let name = languageNames.get(key);
  if (name === undefined) {
    try {
      name = new Intl.DisplayNames([LOCALE_TAGS[inLocale]], { type: "language" }).of(tag) ?? tag;
    } catch {
      name = tag;
    }
    // Template languages are few; a bound keeps an odd one per request from growing this.
    if (languageNames.size < 1000) languageNames.set(key, name);
  }
  return name;
}

const languageNames = new Map<string, string>();
