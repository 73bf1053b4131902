import { IntlMessageFormat } from "intl-messageformat";
import { LOCALE_TAGS, type Locale } from "@/lib/i18n/locales";
import { MESSAGES, translator } from "@/lib/i18n/translator";
import { trustOurMessageLocales } from "@/lib/i18n/message-format-locale";

type MailT = ReturnType<typeof translator<"mail">>;

const made = new Map<Locale, MailT>();

/**
 * The authors' emails' words in one language, formatted as use-intl's translator formats them, but
 * with each message compiled once per process and then only filled in. use-intl rebuilds its
 * formats and JSON-serialises them with the message to find its cached compilation on every call:
 * for a volume's 10,000 invitations (nine messages each) that was about a quarter of the import's
 * own Node time. A key that is not a plain message goes to use-intl, with its errors and fallbacks.
 */
export function mailTranslator(locale: Locale): MailT {
  let t = made.get(locale);
  if (!t) {
    t = make(locale);
    made.set(locale, t);
  }
  return t;
}

function make(locale: Locale): MailT {
  trustOurMessageLocales();
  const fallback = translator(locale, "mail");
  const compiled = new Map<string, IntlMessageFormat>();
  const fill = (key: string, values?: Record<string, string | number>) => {
    const message = messageAt(MESSAGES[locale].mail, key);
    // use-intl as before for what is not a message of ours filled in with values: its errors and
    // fallbacks stay one. A message without values or ICU syntax is its own text, as there.
    if (message === undefined || (!values && /['{}<#|]/.test(message)))
      return (fallback as (k: string, v?: unknown) => string)(key, values);
    if (!values) return message;
    let format = compiled.get(key);
    if (!format) {
      format = new IntlMessageFormat(message, LOCALE_TAGS[locale]);
      compiled.set(key, format);
    }
    return String(format.format(values));
  };
  return fill as unknown as MailT;
}

function messageAt(messages: object, key: string): string | undefined {
  let at: unknown = messages;
  for (const part of key.split("."))
    at = at && typeof at === "object" ? (at as Record<string, unknown>)[part] : undefined;
  return typeof at === "string" ? at : undefined;
}
