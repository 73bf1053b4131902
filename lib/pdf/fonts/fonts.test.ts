import { describe, expect, it } from "vitest";
import { renderAgreementPdf } from "@/lib/pdf/render-agreement-pdf";
import { agreement } from "@/test/render-fixtures";
import { loadedFaceKeys, releaseLargeFaces } from "./fonts";

const signedBy = (name: string) =>
  renderAgreementPdf({ ...agreement(), signatureName: name, correspondingAuthorName: name, authors: [name] });
const cjkFaces = () =>
  loadedFaceKeys()
    .filter((face) => /^(sc|jp|kr)-/.test(face))
    .sort();

describe("the faces a process keeps between documents", () => {
  it("keeps the CJK faces of the last document only, and a released face renders the same bytes when loaded again", async () => {
    const chinese = await signedBy("王小明");
    releaseLargeFaces();
    await signedBy("やまだ たろう");
    releaseLargeFaces();
    await signedBy("김민수");
    releaseLargeFaces();
    expect(cjkFaces()).toEqual(["kr-bold", "kr-regular"]);
    expect(loadedFaceKeys()).toContain("latin-regular");

    const again = await signedBy("王小明");
    expect(Buffer.from(again).equals(Buffer.from(chinese))).toBe(true);
    releaseLargeFaces();
    expect(cjkFaces()).toEqual(["sc-bold", "sc-regular"]);
  });
});
