import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { LANGUAGE_COOKIE } from "./locales";
import { localizeSignState } from "./localize-form-state";
import { negotiateLocale } from "./negotiate-locale";
import { requestLocale } from "./request-locale";

const headers = (entries: Record<string, string>) => new Headers(entries);

describe("choosing the signing page's language from Accept-Language", () => {
  it("takes the client's languages in q-value order, not header order", () => {
    expect(negotiateLocale("fr;q=0.5, de;q=0.9, en;q=0.1")).toBe("de");
    expect(negotiateLocale("en;q=0.2, ja")).toBe("ja");
  });

  it("skips a language refused with q=0 and one we do not have for the next we do", () => {
    expect(negotiateLocale("de;q=0, fr;q=0.5")).toBe("fr");
    expect(negotiateLocale("sv, nb;q=0.9, ko;q=0.5")).toBe("ko");
  });

  it("finds Chinese (simplified) for zh, zh-CN and zh-Hans, and Portuguese for pt-BR", () => {
    expect(negotiateLocale("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh");
    expect(negotiateLocale("zh-Hans")).toBe("zh");
    expect(negotiateLocale("zh")).toBe("zh");
    expect(negotiateLocale("pt-BR")).toBe("pt");
    expect(negotiateLocale("es-419, en;q=0.5")).toBe("es");
  });

  it("falls back to English for an unknown, empty, wildcard or garbled header", () => {
    expect(negotiateLocale("sv-SE")).toBe("en");
    expect(negotiateLocale("")).toBe("en");
    expect(negotiateLocale(null)).toBe("en");
    expect(negotiateLocale("*")).toBe("en");
    expect(negotiateLocale("x;;;q=banana, ,,")).toBe("en");
  });

  it("lets the author's switcher choice (its cookie) win over the browser's languages", () => {
    const browser = { "accept-language": "ja" };
    expect(requestLocale(headers(browser))).toBe("ja");
    expect(requestLocale(headers({ ...browser, cookie: `theme=dark; ${LANGUAGE_COOKIE}=pt` }))).toBe("pt");
    // A cookie value that is not one of ours is ignored, not trusted.
    expect(requestLocale(headers({ ...browser, cookie: `${LANGUAGE_COOKIE}=xx` }))).toBe("ja");
  });
});

describe("the signing form's errors in the author's language", () => {
  it("words the typed-name, tick-box and choice errors in German, by field and what was typed", () => {
    const state = localizeSignState("de", {
      values: { typedName: "", "choice.licence": "", "choice.licence.other.detail": "x".repeat(300) },
      fieldErrors: {
        typedName: "Type your full name to sign.",
        agreed: "Tick the box to confirm …",
        "choice.licence": "Choose an answer to “Licence”.",
        "choice.licence.other.detail": "“Which” must be at most 200 characters (it has 300).",
      },
      formError: "2 answers in the agreement above need your attention before you can sign.",
    });
    expect(state.fieldErrors).toEqual({
      typedName: "Geben Sie zum Unterzeichnen Ihren vollständigen Namen ein.",
      agreed:
        "Setzen Sie das Häkchen, um zu bestätigen, dass Sie die Bedingungen dieses Vertrags gelesen haben " +
        "und ihnen in vollem Umfang zustimmen.",
      "choice.licence": "Wählen Sie eine Antwort auf diese Frage.",
      "choice.licence.other.detail": "Dieser Text überschreitet die oben genannte Höchstlänge; kürzen Sie ihn.",
    });
    expect(state.formError).toBe(
      "2 Antworten im Vertrag oben müssen noch bearbeitet werden, bevor Sie unterzeichnen können.",
    );
  });

  it("names the refused character of a typed name in Japanese", () => {
    const state = localizeSignState("ja", {
      values: { typedName: "Ada\u200bLovelace" },
      fieldErrors: { typedName: "Your name contains an invisible zero-width character (U+200B); remove it." },
    });
    expect(state.fieldErrors.typedName).toBe(
      "お名前に、正しく記録できない文字（U+200B）が含まれています。削除してください。",
    );
  });

  it("words an error from signing (a link already used) by its code, and leaves English as it was", () => {
    const english = { values: {}, fieldErrors: {}, formError: "You have already signed this agreement." };
    const error = new AppError("ALREADY_SIGNED");
    expect(localizeSignState("ko", english, error).formError).toBe(
      "이 계약은 이미 서명되었습니다. 다시 서명할 수 없습니다.",
    );
    expect(localizeSignState("en", english, error)).toBe(english);
  });
});
