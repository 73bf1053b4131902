import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { LANGUAGE_COOKIE, LOCALES, type Locale } from "@/lib/i18n/locales";
import { AUTHOR, issueTestAgreement } from "./agreement-fixtures";
import { agreementArticleLines, frozenTextLines } from "./agreement-page-text";
import { decodeHtml, request, startAppServer, type AppServer } from "./app-server";

// The real server (front door, proxy, page), asked as authors' browsers ask: by Accept-Language,
// and with the switcher's cookie once they have chosen.
let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
}, 240_000);
afterAll(() => app?.stop());

let client = 40;
const open = (path: string, headers: Record<string, string> = {}) =>
  request(app.port, { path, headers, from: `127.0.0.${client++}` });
const text = (html: string) => decodeHtml(html.replace(/<!-- -->/g, ""));

describe("the signing page in the author's language", () => {
  const pages: { accept: string; lang: string; heading: string; note: string; button: string }[] = [
    {
      accept: "zh-CN,zh;q=0.9,en;q=0.5",
      lang: "zh-Hans",
      heading: "的出版协议",
      note: "以下协议以英语写成，您签署的正是这份文本。",
      button: "签署协议",
    },
    {
      accept: "de-DE,de;q=0.9,en;q=0.8",
      lang: "de",
      heading: "Verlagsvertrag für „",
      note: "Der folgende Vertrag ist auf Englisch verfasst; diesen Text unterzeichnen Sie.",
      button: "Vertrag unterzeichnen",
    },
    {
      accept: "ja",
      lang: "ja",
      heading: "の出版契約",
      note: "以下の契約書は英語で書かれており、あなたが署名するのはこの文面です。",
      button: "契約に署名する",
    },
  ];

  it.each(pages)(
    "answers Accept-Language $accept with the page's words in $lang and the agreement text as issued, in English",
    async ({ accept, lang, heading, note, button }) => {
      const { agreement, token } = await issueTestAgreement();
      const page = await open(`/sign/${token}`, { "accept-language": accept });
      expect(page.status).toBe(200);
      expect(page.body).toContain(`<html lang="${lang}"`);
      const words = text(page.body);
      expect(words).toContain(heading);
      expect(words).toContain(note);
      expect(words).toContain(button);
      expect(words).not.toContain("Sign agreement");
      // What is signed is untouched: the article holds exactly the frozen English text, marked as English.
      const stored = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
      expect(agreementArticleLines(page.body)).toEqual(frozenTextLines(stored.text));
      expect(page.body).toMatch(/<div lang="en"><article class="agreement-text"/);
    },
    60_000,
  );

  it("stays English, without the translation note, for an English or unknown browser language", async () => {
    const { token } = await issueTestAgreement();
    for (const accept of ["en-GB,en;q=0.9", "sv-SE", ""]) {
      const page = await open(`/sign/${token}`, accept ? { "accept-language": accept } : {});
      expect(page.body).toContain('<html lang="en"');
      expect(text(page.body)).toContain("Sign agreement");
      expect(page.body).not.toContain('data-testid="text-language-note"');
    }
  }, 60_000);

  it("keeps staff pages in English whatever the browser asks for", async () => {
    const page = await open("/verify", { "accept-language": "zh-CN" });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html lang="en"');
  }, 60_000);
});

describe("the typed-name hint and the signature, per language", () => {
  // The invited name as staff typed it, in its own script, and a signature typed in another script.
  const invited: Record<Locale, { name: string; signs: string }> = {
    en: { name: "Zhang Haoyang", signs: "张浩洋" },
    zh: { name: "王小明", signs: "Wang Xiaoming" },
    ja: { name: "山田 太郎", signs: "Taro Yamada" },
    ko: { name: "김민준", signs: "Kim Minjun" },
    es: { name: "José Núñez", signs: "ホセ・ヌニェス" },
    fr: { name: "François Lefèvre", signs: "Франсуа Лефевр" },
    de: { name: "Jürgen Groß", signs: "Jürgen Gross" },
    pt: { name: "João Conceição", signs: "조앙 콘세이상" },
  };

  it.each(LOCALES)(
    "in %s shows the invited name as given and records a signature typed in another script",
    async (locale) => {
      const { name, signs } = invited[locale];
      const { agreement, token } = await issueTestAgreement({
        correspondingAuthorName: name,
        authors: `${name}\nAda Lovelace`,
      });
      const page = await open(`/sign/${token}`, { "accept-language": locale });
      const hint = /<span class="hint" id="field-typedName-hint">([\s\S]*?)<\/span>/.exec(page.body)?.[1];
      expect(text(hint ?? "")).toContain(`${name}`);
      expect(text(hint ?? "")).not.toBe(text(hint ?? "").replace(name, ""));

      await signAgreement(AUTHOR, { token, typedName: signs, language: locale });
      const signed = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
      expect(signed).toMatchObject({ status: "signed", signatureName: signs, signedLanguage: locale });
      const after = await open(`/sign/${token}`, { "accept-language": locale });
      expect(text(after.body)).toContain(signs);
    },
    60_000,
  );
});

describe("the language switcher", () => {
  it("works as a plain form: remembers the choice for the visit and wins over Accept-Language", async () => {
    const { token } = await issueTestAgreement();
    const page = await open(`/sign/${token}`, { "accept-language": "de" });
    expect(page.body).toContain(`action="/sign/${token}/language"`);
    const french = /<button([^>]*)>Français<\/button>/.exec(page.body)?.[1] ?? "";
    expect(french).toContain('name="language"');
    expect(french).toContain('value="fr"');
    expect(french).toContain('lang="fr"');

    const chosen = await request(app.port, {
      method: "POST",
      path: `/sign/${token}/language`,
      headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": "de" },
      body: Buffer.from("language=fr"),
      from: `127.0.0.${client++}`,
    });
    expect(chosen.status).toBe(303);
    expect(chosen.headers.location).toBe(`/sign/${token}`);
    const cookie = String(chosen.headers["set-cookie"]);
    expect(cookie).toMatch(new RegExp(`^${LANGUAGE_COOKIE}=fr; Path=/sign; HttpOnly; SameSite=Lax`));
    expect(cookie).not.toMatch(/Max-Age|Expires/i); // for this visit only

    const inFrench = await open(`/sign/${token}`, { "accept-language": "de", cookie: `${LANGUAGE_COOKIE}=fr` });
    expect(inFrench.body).toContain('<html lang="fr"');
    expect(text(inFrench.body)).toContain("Signer le contrat");
    expect(inFrench.body).toMatch(/<button[^>]*aria-current="true"[^>]*>Français</);
  }, 60_000);

  it("ignores a language it does not have, and keeps the signing link as it was", async () => {
    const { token } = await issueTestAgreement();
    const refused = await request(app.port, {
      method: "POST",
      path: `/sign/${token}/language`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: Buffer.from("language=xx"),
      from: `127.0.0.${client++}`,
    });
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toBe(`/sign/${token}`);
    expect(refused.headers["set-cookie"]).toBeUndefined();
  }, 60_000);
});

describe("a signing link that cannot be opened, in the author's language", () => {
  it("answers an expired link in German and an unknown one in Japanese, with the switcher", async () => {
    const { agreement, token } = await issueTestAgreement();
    await db.signingLink.updateMany({ where: { agreementId: agreement.id }, data: { expiresAt: new Date(0) } });
    const expired = await open(`/sign/${token}`, { "accept-language": "de-AT, en;q=0.5" });
    expect(expired.status).toBe(410);
    expect(expired.body).toContain('<html lang="de"');
    expect(expired.body).toContain("Dieser Link zum Unterzeichnen ist abgelaufen");
    expect(expired.body).toContain(`action="/sign/${token}/language"`);

    const unknown = await open(`/sign/${"Q".repeat(43)}`, { "accept-language": "ja-JP" });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain("この署名用リンクは無効です");

    const chosen = await open(`/sign/${token}`, { "accept-language": "de", cookie: `${LANGUAGE_COOKIE}=es` });
    expect(chosen.body).toContain("Este enlace de firma ha caducado");
  }, 60_000);
});
