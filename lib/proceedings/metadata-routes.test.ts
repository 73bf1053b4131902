import { describe, expect, it, vi } from "vitest";
import { GET as bib } from "@/app/staff/(app)/proceedings/[id]/proceedings.bib/route";
import { GET as signersCsv } from "@/app/staff/(app)/proceedings/[id]/signers.csv/route";
import { requireStaff } from "@/lib/auth/require-staff";
import { db } from "@/lib/db/client";

// Outside a Next.js request only who is signed in is stood in for: a real staff member's context.
vi.mock("@/lib/auth/require-staff", async () => {
  const { staffActing } = await import("@/test/contexts");
  return { requireStaff: vi.fn(async () => staffActing("metadata-routes@example.org")) };
});

const get = (route: typeof bib, id: string) =>
  route(new Request(`http://imprimatur.test/staff/proceedings/${id}/x`), { params: Promise.resolve({ id }) });

describe("the volume's metadata downloads", () => {
  it("ask for the export permission the notices exports ask for, and send named attachments", async () => {
    const volume = await db.proceedings.create({ data: { name: `Routes ${Math.random()}`, linkExpiryDays: 14 } });
    const response = await get(bib, volume.id);
    expect(requireStaff).toHaveBeenCalledWith("exports.download");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-bibtex; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain(`proceedings-${volume.id}.bib`);
    const csv = await get(signersCsv, volume.id);
    expect(csv.headers.get("content-disposition")).toContain(`signers-${volume.id}.csv`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // Excel's cue that the file is UTF-8
    expect(new TextDecoder().decode(bytes)).toBe(
      "paper_id,agreement_id,title,status,signed_by,signed_utc,text_sha256\r\n",
    );
  });

  it("answer a volume that does not exist with 404", async () => {
    expect((await get(bib, "no-such-volume")).status).toBe(404);
  });
});
