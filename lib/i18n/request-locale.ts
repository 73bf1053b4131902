import { isLocale, LANGUAGE_COOKIE, type Locale } from "./locales";
import { negotiateLocale } from "./negotiate-locale";

type HeaderSource = { get(name: string): string | null };

/**
 * The language a signing page (or a link-problem page) is shown in: the author's choice from the
 * switcher (its cookie) if they made one, else the best match for their browser's Accept-Language.
 */
export function requestLocale(headers: HeaderSource): Locale {
  const chosen = cookieValue(headers.get("cookie"), LANGUAGE_COOKIE);
  if (isLocale(chosen)) return chosen;
  return negotiateLocale(headers.get("accept-language"));
}

function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}
