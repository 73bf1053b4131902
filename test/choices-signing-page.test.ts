import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { AUTHOR, issueTestAgreement } from "./agreement-fixtures";
import { agreementArticleLines, frozenTextLines } from "./agreement-page-text";
import { request, startAppServer, type AppServer } from "./app-server";
import { issueChoicesAgreement, NC_ANSWERS } from "./choice-fixtures";

// The real server, as the author's browser asks (no JavaScript needed to read or answer).
let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
}, 240_000);
afterAll(() => app?.stop());

const legends = (html: string) => [...html.matchAll(/<legend>([^<]*)<\/legend>/g)].map((match) => match[1]);

describe("the signing page of an agreement that asks the author to choose", () => {
  it("asks each question where the text stands, as a labelled radio group showing each option's clause", async () => {
    const { agreement, token } = await issueChoicesAgreement({ articleTitle: "Sparse Models" });
    const page = await request(app.port, { path: `/sign/${token}`, from: "127.0.0.51" });
    expect(page.status).toBe(200);
    expect(legends(page.body)).toEqual([
      "Under which licence will the article be published?",
      "Is the work a government work?",
      "Does the article contain third-party material?",
    ]);
    expect(page.body).not.toContain("{{choice:");
    const body = page.body.replace(/<!-- -->/g, "");
    // In the text's order: clause 1, the licence question, the government-work question, clause 2, third party.
    const at = (text: string) => body.indexOf(text);
    expect(at("The Author warrants that the article is original.")).toBeLessThan(at("<legend>Under which licence"));
    expect(at("<legend>Is the work a government work?")).toBeLessThan(
      at("2. The Author keeps") + at("The Author keeps"),
    );
    expect(at("The Author keeps the copyright.")).toBeLessThan(at("<legend>Does the article contain"));
    const radios = [...body.matchAll(/<input type="radio" id="([^"]+)"[^>]* name="choice.licence" value="([^"]+)"/g)];
    expect(radios.map((radio) => radio[2])).toEqual(["cc-by-4.0", "cc-by-nc-4.0", "exclusive"]);
    for (const [, id] of radios) expect(body).toContain(`<label class="checkbox" for="${id}">`);
    const { publisherName } = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(body).toContain(
      `The Author grants ${publisherName} a licence to publish “Sparse Models” under the Creative Commons ` +
        "Attribution-NonCommercial 4.0 International licence (CC BY-NC 4.0).",
    );
    expect(body).toMatch(
      /<label for="field-choice.third_party.permission.detail">Which material, and from whom<\/label>/,
    );
    expect(body).toContain('name="typedName"');
  }, 60_000);

  it("once signed shows the text as signed, with the chosen clauses, and the author's answers", async () => {
    const { agreement, token } = await issueChoicesAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang", choices: NC_ANSWERS });
    const { signedText } = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    const page = await request(app.port, { path: `/sign/${token}`, from: "127.0.0.52" });
    expect(agreementArticleLines(page.body)).toEqual(frozenTextLines(signedText!));
    expect(page.body).not.toContain("<fieldset");
    expect(page.body).toContain("Your choices in this agreement");
    expect(page.body.replace(/<!-- -->/g, "")).toContain(
      "Yes, with permission obtained — Figure 2, from Smith &amp; Wesson (2019)",
    );
  }, 60_000);

  it("an agreement whose template asks nothing shows its text and form as before, without questions", async () => {
    const { agreement, token } = await issueTestAgreement();
    const page = await request(app.port, { path: `/sign/${token}`, from: "127.0.0.53" });
    expect(agreementArticleLines(page.body)).toEqual(frozenTextLines(agreement.text));
    expect(page.body).not.toContain("<fieldset");
    expect(page.body).not.toContain("Your choices in this agreement");
  }, 60_000);
});
