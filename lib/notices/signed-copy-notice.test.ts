import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import type { SubmittedChoices } from "@/lib/agreements/choice-answers";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { storeTestTemplateVersion } from "@/test/template-fixtures";
import { noticeForAgreement } from "./notice-for-agreement";

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const decodeHtml = (html: string) => html.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);

async function signAndSeal(overrides: Parameters<typeof issueTestAgreement>[0] = {}, choices?: SubmittedChoices) {
  const { agreement, token } = await issueTestAgreement(overrides);
  expect(await noticeForAgreement(agreement.id)).toBeNull();
  await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang", choices });
  await sealAgreement(agreement.id);
  const email = await db.emailMessage.findFirstOrThrow({ where: { agreementId: agreement.id, kind: "signed_copy" } });
  return { agreement, email };
}

describe("the notice after signing", () => {
  it("is in the signed-copy email as plain text and LaTeX, with PMLR's wording and the authors' names", async () => {
    const { agreement, email } = await signAndSeal({ authors: "Zhang Haoyang\nO'Brien & Søn_2" });
    const year = agreement.issuedAt.getUTCFullYear();
    const licence = "Published under a Creative Commons Attribution 4.0 International licence.";
    const text = `© ${year} Zhang Haoyang and O'Brien & Søn_2. ${licence}`;
    const latex = `\\textcopyright{} ${year} Zhang Haoyang and O'Brien \\& Søn\\_2. ${licence}`;
    expect(email.text).toContain(`Notice for your camera-ready paper (plain text):\n\n${text}\n`);
    expect(email.text).toContain("The same notice in LaTeX:\n\n% Copyright and licence notice");
    expect(email.text).toContain("\\usepackage[utf8]{inputenc}");
    expect(email.text).toContain(`\n${latex}\n`);
    const pre = [...email.html.matchAll(/<pre[^>]*>([\s\S]*?)<\/pre>/g)].map((match) => decodeHtml(match[1]));
    expect(pre[0]).toBe(text);
    expect(pre[1].endsWith(latex)).toBe(true);
    expect(await noticeForAgreement(agreement.id)).toMatchObject({ text });
  });

  it("carries the author's chosen licence when the template asks for one", async () => {
    const volume = `Choices Volume ${Math.random()}`;
    await storeTestTemplateVersion(
      {
        key: `with-choice-${Math.random().toString(36).slice(2)}`,
        body: "Agreement for {{article_title}}.\n\n{{choice:licence}}",
        notice: "© {{year}} The authors. {{choice:licence}}",
        choices: [
          {
            key: "licence",
            question: "Licence?",
            options: [
              { value: "cc-by-4.0", label: "CC BY 4.0", clause: "CC BY.", notice: "Published under CC BY 4.0." },
              {
                value: "cc-by-nc-4.0",
                label: "CC BY-NC 4.0",
                clause: "CC BY-NC.",
                notice: "Published under CC BY-NC 4.0.",
              },
            ],
          },
        ],
      },
      { volume },
    );
    const { agreement, email } = await signAndSeal({ proceedings: volume }, { licence: { value: "cc-by-nc-4.0" } });
    const text = `© ${agreement.issuedAt.getUTCFullYear()} The authors. Published under CC BY-NC 4.0.`;
    expect(email.text).toContain(`\n${text}\n`);
    expect((await noticeForAgreement(agreement.id))?.text).toBe(text);
  });
});
