import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import { ERROR_MESSAGES } from "@/lib/errors/error-messages";
import { LOCALES } from "./locales";
import { MESSAGES } from "./translator";

type Tree = { [key: string]: string | Tree };

/** Every message of a catalogue by its dotted key. */
function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [inner, text] of flatten(value, path)) out.set(inner, text);
  }
  return out;
}

/**
 * The arguments and tags an ICU message uses ("name", "count:plural", "<strong>"), read with its
 * nesting: a plural's branches are text, whose own arguments count too, and `#` is not an argument.
 */
function placeholders(message: string): string[] {
  const found = new Set<string>();
  let i = 0;
  const text = (until: string | null) => {
    while (i < message.length && message[i] !== until) {
      if (message[i] === "{") argument();
      else if (message[i] === "<") {
        const tag = /^<\/?([a-zA-Z]+)>/.exec(message.slice(i));
        if (tag) {
          found.add(`<${tag[1]}>`);
          i += tag[0].length;
        } else i++;
      } else i++;
    }
  };
  const argument = () => {
    const head = /^\{\s*([A-Za-z0-9_]+)\s*(?:,\s*([a-z]+)\s*)?(,|\})/.exec(message.slice(i));
    if (!head) throw new Error(`unreadable argument at ${i} in: ${message}`);
    const [whole, name, type, end] = head;
    found.add(type ? `${name}:${type}` : name);
    i += whole.length;
    if (end === "}") return;
    if (type === "plural" || type === "select" || type === "selectordinal") {
      // selector {branch} selector {branch} … }
      for (;;) {
        const selector = /^\s*(=?[A-Za-z0-9_]+)\s*\{/.exec(message.slice(i));
        if (!selector) break;
        i += selector[0].length;
        text("}");
        i++; // the branch's "}"
      }
      const close = /^\s*\}/.exec(message.slice(i));
      if (!close) throw new Error(`unclosed ${type} in: ${message}`);
      i += close[0].length;
      return;
    }
    // number/date styles: skip to the argument's end
    while (i < message.length && message[i] !== "}") i++;
    i++;
  };
  text(null);
  return [...found].sort();
}

const english = flatten(MESSAGES.en as unknown as Tree);
// Names and punctuation only: the same in every language that writes them with Latin letters.
const SAME_IN_EVERY_LANGUAGE = new Set(["notice.latex", "signers.other"]);

describe("the authors' messages in every language", () => {
  it.each(LOCALES.filter((locale) => locale !== "en"))("%s has exactly English's keys", (locale) => {
    const keys = [...flatten(MESSAGES[locale] as unknown as Tree).keys()].sort();
    expect(keys).toEqual([...english.keys()].sort());
  });

  it.each(LOCALES.filter((locale) => locale !== "en"))(
    "%s uses the same placeholders and tags as English in every message",
    (locale) => {
      const translated = flatten(MESSAGES[locale] as unknown as Tree);
      const differing = [...english].filter(
        ([key, message]) => placeholders(translated.get(key) ?? "").join() !== placeholders(message).join(),
      );
      expect(differing.map(([key]) => key)).toEqual([]);
    },
  );

  it.each(LOCALES)("%s formats every message with its values, none empty, none left in English", (locale) => {
    const t = createTranslator({
      locale,
      messages: MESSAGES[locale],
      onError: (error) => {
        throw error;
      },
    });
    for (const [key, message] of english) {
      const values = Object.fromEntries(
        placeholders(message)
          .filter((p) => !p.startsWith("<"))
          .map((p) => {
            const [name, type] = p.split(":");
            return [name, type === "plural" || type === "number" ? 2 : `«${name}»`];
          }),
      );
      const tags = { strong: (chunks: unknown) => chunks };
      const formatted = message.includes("<")
        ? String(t.rich(key as never, { ...values, ...tags } as never))
        : t(key as never, values as never);
      expect(formatted.trim(), key).not.toBe("");
      // Every sentence is translated (an untranslated copy of English would pass the key checks).
      if (locale !== "en" && !SAME_IN_EVERY_LANGUAGE.has(key))
        expect(formatted, `${locale} ${key}`).not.toBe(
          createTranslator({ locale: "en", messages: MESSAGES.en })(key as never, values as never),
        );
    }
  });

  it("words the link problems in English exactly as the error catalogue does", () => {
    for (const [code, words] of Object.entries(MESSAGES.en.errors)) {
      const catalogued = ERROR_MESSAGES[code as keyof typeof ERROR_MESSAGES];
      expect({ code, ...words }).toEqual({ code, title: catalogued.title, message: catalogued.message });
    }
  });

  it("reads a plural's branches and a tag as placeholders, and # as none", () => {
    expect(placeholders("{count, plural, one {One {thing}} other {# things}} for <strong>{name}</strong>")).toEqual([
      "<strong>",
      "count:plural",
      "name",
      "thing",
    ]);
  });
});
