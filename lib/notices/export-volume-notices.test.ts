import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { db } from "@/lib/db/client";
import { staffActing } from "@/test/contexts";
import { storeTestTemplateVersion } from "@/test/template-fixtures";
import { issueRows, type IssueRow } from "@/lib/proceedings/issue-rows";
import type { TemplateChoice } from "@/lib/templates/template-definition";
import { exportVolumeNotices } from "./export-volume-notices";

const STAFF = staffActing("exporter@example.org");
const LICENCE: TemplateChoice = {
  key: "licence",
  question: "Licence?",
  options: [
    { value: "cc-by-4.0", label: "CC BY 4.0", clause: "", notice: "Published under CC BY 4.0." },
    { value: "cc-by-nc-4.0", label: "CC BY-NC 4.0", clause: "", notice: "Published under CC BY-NC 4.0." },
  ],
};

const paper = (paperId: string, authors: string[]): IssueRow => ({
  paperId,
  articleTitle: `Title of ${paperId}`,
  correspondingAuthorName: authors[0],
  correspondingAuthorEmail: `a${Math.random().toString(36).slice(2)}@example.org`,
  authors,
});

async function signedVolume() {
  const name = `Notice Volume ${Math.random()}`;
  await storeTestTemplateVersion(
    {
      key: `notice-${Math.random().toString(36).slice(2)}`,
      body: "Agreement for {{article_title}}.",
      notice: "© {{year}} {{authors}}. {{choice:licence}}",
      choices: [LICENCE],
    },
    { volume: name },
  );
  const volume = await db.proceedings.findUniqueOrThrow({ where: { name } });
  const papers = [
    paper("zhang21b", ["R&D 100% Team"]),
    paper("a-1", ["snake_case #1", "C:\\dir {x}"]),
    paper("a1", ["王小明", "محمد"]),
    paper("論文 #7%", ["Zoë"]),
    paper("{x}\\y_2", ["Ünal"]),
    paper("unsigned", ["Nobody Yet"]),
  ];
  await db.$transaction((tx) => issueRows(tx, STAFF, volume, papers));
  const sign = (paperId: string, value: string) =>
    db.agreement.update({
      where: { proceedingsId_paperId: { proceedingsId: volume.id, paperId } },
      data: {
        status: "signed",
        signedAt: new Date("2026-05-02T10:00:00Z"),
        signatureName: "Signer",
        choiceAnswers: [{ key: "licence", question: "Licence?", value, label: value }],
      },
    });
  await sign("zhang21b", "cc-by-4.0");
  await sign("a-1", "cc-by-nc-4.0");
  await sign("a1", "cc-by-4.0");
  await sign("論文 #7%", "cc-by-4.0");
  await sign("{x}\\y_2", "cc-by-4.0");
  return volume;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("exporting a volume's camera-ready notices", () => {
  it("writes one \\newcommand per signed paper, named safely from its paper id, with every name escaped", async () => {
    const volume = await signedVolume();
    const year = new Date().getUTCFullYear();
    const tex = await exportVolumeNotices(STAFF, { proceedingsId: volume.id, format: "tex" });
    expect(tex.rows).toBe(5);
    expect(tex.contentType).toBe("application/x-tex; charset=utf-8");
    const lines = text(tex.bytes).split("\n");
    expect(lines.filter((line) => line.startsWith("\\newcommand")).sort()).toEqual([
      `\\newcommand{\\imprimaturNoticeSeven}{\\textcopyright{} ${year} Zoë. Published under CC BY 4.0.}`,
      `\\newcommand{\\imprimaturNoticeaOneAlt}{\\textcopyright{} ${year} 王小明 and محمد. ` +
        "Published under CC BY 4.0.}",
      `\\newcommand{\\imprimaturNoticeaOne}{\\textcopyright{} ${year} snake\\_case \\#1 and ` +
        "C:\\textbackslash{}dir \\{x\\}. Published under CC BY-NC 4.0.}",
      `\\newcommand{\\imprimaturNoticexyTwo}{\\textcopyright{} ${year} Ünal. Published under CC BY 4.0.}`,
      `\\newcommand{\\imprimaturNoticezhangTwoOneb}{\\textcopyright{} ${year} R\\&D 100\\% Team. ` +
        "Published under CC BY 4.0.}",
    ]);
    expect(lines).toContain("% paper 論文 #7%: Title of 論文 #7%");
    expect(lines).toContain("% paper a1: Title of a1");
    expect(text(tex.bytes)).toContain("compile with a Unicode engine (LuaLaTeX or XeLaTeX)");
    expect(text(tex.bytes)).not.toContain("unsigned");
    const event = await db.auditEvent.findFirstOrThrow({
      where: { type: "export.downloaded" },
      orderBy: { id: "desc" },
    });
    expect(event.data).toEqual({ kind: "notices", format: "tex", proceedingsId: volume.id, rows: 5 });
  });

  it("exports the same notices as CSV and JSON, with the author's choices", async () => {
    const volume = await signedVolume();
    const year = new Date().getUTCFullYear();
    const csv = parse(text((await exportVolumeNotices(STAFF, { proceedingsId: volume.id, format: "csv" })).bytes), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    const three = csv.filter((row) => ["a-1", "a1", "zhang21b"].includes(row.paper_id));
    expect(csv).toHaveLength(5);
    expect(three.map((row) => [row.paper_id, row.choices, row.notice_text, row.tex_command])).toEqual([
      [
        "a-1",
        "licence=cc-by-nc-4.0",
        `© ${year} snake_case #1 and C:\\dir {x}. Published under CC BY-NC 4.0.`,
        "\\imprimaturNoticeaOne",
      ],
      ["a1", "licence=cc-by-4.0", `© ${year} 王小明 and محمد. Published under CC BY 4.0.`, "\\imprimaturNoticeaOneAlt"],
      [
        "zhang21b",
        "licence=cc-by-4.0",
        `© ${year} R&D 100% Team. Published under CC BY 4.0.`,
        "\\imprimaturNoticezhangTwoOneb",
      ],
    ]);
    expect(three[2].notice_latex).toBe(`\\textcopyright{} ${year} R\\&D 100\\% Team. Published under CC BY 4.0.`);
    const json = JSON.parse(
      text((await exportVolumeNotices(STAFF, { proceedingsId: volume.id, format: "json" })).bytes),
    );
    expect(json).toHaveLength(5);
    expect(json.find((item: { paperId: string }) => item.paperId === "a-1")).toMatchObject({
      paperId: "a-1",
      authors: ["snake_case #1", "C:\\dir {x}"],
      signedUtc: "2026-05-02T10:00:00.000Z",
      choices: [{ key: "licence", value: "cc-by-nc-4.0" }],
      notice: { text: three[0].notice_text, latex: three[0].notice_latex },
      texCommand: "\\imprimaturNoticeaOne",
    });
  });

  it("refuses a volume that does not exist", async () => {
    await expect(exportVolumeNotices(STAFF, { proceedingsId: "nope", format: "csv" })).rejects.toThrow();
  });
});
