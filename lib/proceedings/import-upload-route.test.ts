import { describe, expect, it, vi } from "vitest";
import { POST as upload } from "@/app/staff/(app)/proceedings/[id]/import/upload/route";
import { MAX_IMPORT_BYTES } from "./import-limits";

// The route runs here outside a Next.js request: who is signed in and the client's address are the
// two things only a request provides, so only they are stood in for.
const editor = { id: "staff-1", email: "editor@example.org", role: "admin" as const };
vi.mock("@/lib/auth/require-staff", () => ({ requireStaff: vi.fn(async () => editor) }));
vi.mock("@/lib/http/requester", () => ({ requester: vi.fn(async () => ({ ip: "203.0.113.9", userAgent: "vitest" })) }));

function send(body: Uint8Array, contentType = "text/csv") {
  const request = new Request("http://imprimatur.test/staff/proceedings/p1/import/upload?name=v1.csv", {
    method: "POST",
    body: body as BodyInit,
    headers: { "content-type": contentType },
    duplex: "half",
  } as RequestInit);
  return upload(request, { params: Promise.resolve({ id: "p1" }) });
}

describe("uploading a volume's CSV", () => {
  it("refuses a file over the limit with 413 and a sentence saying what to do, as JSON", async () => {
    const response = await send(new Uint8Array(MAX_IMPORT_BYTES + 1));
    expect(response.status).toBe(413);
    const tooLarge = "The file is larger than 20 MB: split it into several files.";
    expect(await response.json()).toEqual({ error: tooLarge, code: "PAYLOAD_TOO_LARGE" });
  });

  it("refuses another content type with 415, and an empty file with 400", async () => {
    const wrongType = await send(new TextEncoder().encode("a,b\n"), "application/pdf");
    expect(wrongType.status).toBe(415);
    expect(await wrongType.json()).toEqual({ error: "Send the file as text/csv.", code: "INVALID_INPUT" });
    const empty = await send(new Uint8Array());
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ error: "Choose a CSV file to upload.", code: "INVALID_INPUT" });
  });

  it("answers a volume that does not exist with 404", async () => {
    const response = await send(new TextEncoder().encode("paper_id,title\n1,x\n"));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: "NOT_FOUND" });
  });
});
