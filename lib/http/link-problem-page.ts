import { errorCodeOf, localizedError } from "@/lib/i18n/localize-form-state";
import { LOCALE_NAMES, LOCALE_TAGS, LOCALES, type Locale } from "@/lib/i18n/locales";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translator } from "@/lib/i18n/translator";
import { escapeHtml } from "@/lib/mail/templates/escape-html";

type Problem = { title: string; message: string; error?: unknown };
type Request = { headers: { get(name: string): string | null }; nextUrl?: { pathname: string } };

/**
 * A complete, self-contained page for a signing link that cannot be opened (answered by the front
 * door, lib/http/edge/signing-link-door.ts), in the author's language when the request is given
 * (their switcher choice, else Accept-Language), with the same switcher as the signing page.
 * Without the request and the error, the words are as given.
 */
export function linkProblemPage({ title, message, error }: Problem, request?: Request): string {
  const locale: Locale = request && error !== undefined ? requestLocale(request.headers) : "en";
  const problem = localizedError(locale, errorCodeOf(error), { title, message });
  const token = request?.nextUrl?.pathname.split("/")[2];
  return `<!doctype html>
<html lang="${LOCALE_TAGS[locale]}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><title>${escapeHtml(problem.title)} · Imprimatur</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI","Noto Sans",Roboto,sans-serif;color:#1a1a1a;background:#f4f5f7;line-height:1.5}
header{background:#fff;border-bottom:1px solid #d0d4da}header div,main{max-width:960px;margin:0 auto;padding:0 20px}
header div{min-height:56px;display:flex;align-items:center;font-weight:700}main{padding-top:28px}
.card{background:#fff;border:1px solid #d0d4da;border-radius:8px;padding:24px}h1{font-size:1.6rem;margin:0 0 16px}
form{display:flex;flex-wrap:wrap;gap:4px 14px;justify-content:flex-end;margin-bottom:16px}
button{font:inherit;background:none;border:none;padding:0;color:#1d4ed8;text-decoration:underline;cursor:pointer}
button[aria-current]{color:inherit;font-weight:700;text-decoration:none}
</style></head>
<body><header><div>Imprimatur</div></header>
<main>${token ? switcher(token, locale) : ""}<div class="card"><h1>${escapeHtml(problem.title)}</h1><p>${escapeHtml(problem.message)}</p></div></main></body></html>`;
}

/** The signing page's switcher (components/language-switcher.tsx), as HTML. */
function switcher(token: string, current: Locale): string {
  const buttons = LOCALES.map(
    (locale) =>
      `<button type="submit" name="language" value="${locale}" lang="${LOCALE_TAGS[locale]}"` +
      `${locale === current ? ' aria-current="true"' : ""}>${escapeHtml(LOCALE_NAMES[locale])}</button>`,
  ).join("");
  const label = escapeHtml(translator(current, "switcher")("label"));
  return `<form method="post" action="/sign/${escapeHtml(encodeURIComponent(token))}/language" aria-label="${label}">${buttons}</form>`;
}
