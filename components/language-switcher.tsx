import { LOCALE_NAMES, LOCALE_TAGS, LOCALES, type Locale } from "@/lib/i18n/locales";

/**
 * The signing page's languages, each named in itself. A form of buttons, so it works without
 * JavaScript: app/sign/[token]/language remembers the choice and returns to the page.
 */
export function LanguageSwitcher({ token, current, label }: { token: string; current: Locale; label: string }) {
  return (
    <form
      method="post"
      action={`/sign/${encodeURIComponent(token)}/language`}
      className="language-switcher"
      aria-label={label}
    >
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="language"
          value={locale}
          lang={LOCALE_TAGS[locale]}
          className={locale === current ? "link-button current" : "link-button"}
          aria-current={locale === current ? "true" : undefined}
        >
          {LOCALE_NAMES[locale]}
        </button>
      ))}
    </form>
  );
}
