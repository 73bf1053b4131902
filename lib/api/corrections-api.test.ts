import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
  changeAuthorEmailHandler as changeEmail,
  evidencePackHandler as evidence,
  reissueAgreementHandler as reissue,
  resendInvitationHandler as resend,
  signedPdfHandler as signedPdf,
  voidAgreementHandler as voidRoute,
} from "@/lib/api/routes/correction-handlers";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { sha256Hex } from "@/lib/crypto/hashing";
import { db } from "@/lib/db/client";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { apiTokenFor, callApi } from "@/test/api-fixtures";

type Route = Parameters<typeof callApi>[0];

const publisher = apiTokenFor("publisher", "corrections publisher");
const auditor = apiTokenFor("auditor", "corrections auditor");

async function post(route: Route, id: string, body: unknown, who = publisher) {
  const { secret } = await who;
  return callApi(route, { method: "POST", path: `/api/v1/agreements/${id}/x`, secret, body, params: { id } });
}

async function get(route: Route, id: string, who = publisher) {
  const { secret } = await who;
  return callApi(route, { path: `/api/v1/agreements/${id}/x`, secret, params: { id } });
}

async function lastEvent(agreementId: string, type: string) {
  return db.auditEvent.findFirstOrThrow({ where: { agreementId, type }, orderBy: { id: "desc" } });
}

function expectProblem(answer: { status: number; json: Record<string, unknown> | null; response: Response }) {
  expect(answer.response.headers.get("content-type")).toBe("application/problem+json");
  return answer.json!;
}

describe("POST /api/v1/agreements/{id}/void", () => {
  it("voids the agreement as the token, and a second void is a 409", async () => {
    const { agreement } = await issueTestAgreement({ articleTitle: "Voided Through the API" });
    const first = await post(voidRoute, agreement.id, { reason: "  Withdrawn by the authors. " });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ id: agreement.id, status: "voided", title: "Voided Through the API" });
    const event = await lastEvent(agreement.id, "agreement.voided");
    expect(event.actor).toBe(`api:${(await publisher).token.name}`);
    expect(event.data).toMatchObject({ reason: "Withdrawn by the authors." });

    const again = await post(voidRoute, agreement.id, { reason: "Once more." });
    expect(again.status).toBe(409);
    expect(expectProblem(again)).toMatchObject({
      code: "ALREADY_VOIDED",
      status: 409,
      detail: "This agreement has already been voided.",
      type: expect.stringMatching(/\/api\/v1\/problems#already-voided$/),
    });
  });

  it("answers 404 for an unknown id, 422 without a reason, 403 for an auditor token, changing nothing", async () => {
    const missing = await post(voidRoute, "no-such-agreement", { reason: "Gone." });
    expect(missing.status).toBe(404);
    expect(expectProblem(missing)).toMatchObject({ code: "NOT_FOUND" });

    const { agreement } = await issueTestAgreement({ articleTitle: "Not Voided" });
    const noReason = await post(voidRoute, agreement.id, { reason: " " });
    expect(noReason.status).toBe(422);
    expect(expectProblem(noReason).errors).toEqual([
      { pointer: "/reason", detail: "Give a reason for voiding the agreement." },
    ]);
    const refused = await post(voidRoute, agreement.id, { reason: "An auditor tries." }, auditor);
    expect(refused.status).toBe(403);
    expect(expectProblem(refused)).toMatchObject({ code: "FORBIDDEN", detail: expect.stringContaining("auditor") });
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).status).toBe("sent");
  });
});

describe("POST /api/v1/agreements/{id}/resend", () => {
  it("emails a new link with the same deadline, recorded under the token's name", async () => {
    const { agreement } = await issueTestAgreement({ articleTitle: "Resent Through the API" });
    const link = await db.signingLink.findFirstOrThrow({ where: { agreementId: agreement.id } });
    const answer = await post(resend, agreement.id, {});
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      resent: true,
      linkExpiresAt: link.expiresAt.toISOString(),
      agreement: { id: agreement.id, status: "sent" },
    });
    expect(await db.emailMessage.count({ where: { agreementId: agreement.id, kind: "invitation" } })).toBe(2);
    expect((await lastEvent(agreement.id, "agreement.invitation_resent")).actor).toMatch(/^api:corrections publisher/);
    expect((await post(resend, "no-such-agreement", {})).status).toBe(404);
    expect((await post(resend, agreement.id, {}, auditor)).status).toBe(403);
  });
});

describe("POST /api/v1/agreements/{id}/email", () => {
  it("changes the corresponding author's email and sends the invitation there", async () => {
    const { agreement } = await issueTestAgreement({ articleTitle: "Moved Mailbox" });
    const answer = await post(changeEmail, agreement.id, { email: " Haoyang.Zhang@Example.ORG " });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      from: "haoyang@example.org",
      to: "haoyang.zhang@example.org",
      agreement: { correspondingAuthor: { email: "haoyang.zhang@example.org" } },
    });
    const sent = await db.emailMessage.findFirstOrThrow({
      where: { agreementId: agreement.id, kind: "invitation" },
      orderBy: { createdAt: "desc" },
    });
    expect(sent.to).toBe("haoyang.zhang@example.org");

    const invalid = await post(changeEmail, agreement.id, { email: "not an address" });
    expect(invalid.status).toBe(422);
    expect(expectProblem(invalid).errors).toEqual([expect.objectContaining({ pointer: "/email" })]);
    const same = await post(changeEmail, agreement.id, { email: "haoyang.zhang@example.org" });
    expect(same.status).toBe(409);
    expect(expectProblem(same)).toMatchObject({ code: "NOTHING_TO_CHANGE" });
    expect((await post(changeEmail, "no-such-agreement", { email: "a@example.org" })).status).toBe(404);
    expect((await post(changeEmail, agreement.id, { email: "b@example.org" }, auditor)).status).toBe(403);
  });
});

describe("POST /api/v1/agreements/{id}/reissue", () => {
  it("reissues a voided agreement unchanged, and refuses to reissue it twice", async () => {
    const { agreement } = await issueTestAgreement({ articleTitle: "Second Chance" });
    await post(voidRoute, agreement.id, { reason: "Sent to the wrong volume." });
    const answer = await post(reissue, agreement.id, {});
    expect(answer.status).toBe(201);
    const replacement = answer.json!.agreement as { id: string };
    expect(answer.json).toMatchObject({
      supersedes: agreement.id,
      voidedPrevious: false,
      agreement: { status: "sent", title: "Second Chance" },
    });
    expect(answer.response.headers.get("location")).toBe(`/api/v1/agreements/${replacement.id}`);
    expect((await db.agreement.findUniqueOrThrow({ where: { id: replacement.id } })).supersedesId).toBe(agreement.id);

    const twice = await post(reissue, agreement.id, {});
    expect(twice.status).toBe(409);
    expect(expectProblem(twice)).toMatchObject({ code: "ALREADY_REISSUED" });
  });

  it("reissues an open agreement with a corrected title, voiding it, and checks changes as the form does", async () => {
    const { agreement } = await issueTestAgreement({ articleTitle: "Tpyo in the Title" });
    const badAuthors = await post(reissue, agreement.id, { authors: ["Somebody Else"] });
    expect(badAuthors.status).toBe(422);
    expect(expectProblem(badAuthors)).toMatchObject({
      code: "INVALID_INPUT",
      detail: "Include the corresponding author in All authors.",
    });
    const answer = await post(reissue, agreement.id, { title: "Typo in the Title" });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ voidedPrevious: true, agreement: { title: "Typo in the Title" } });
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).status).toBe("voided");
    expect((await post(reissue, "no-such-agreement", {})).status).toBe(404);
    expect((await post(reissue, agreement.id, {}, auditor)).status).toBe(403);
  });
});

describe("GET /api/v1/agreements/{id}/pdf and /evidence", () => {
  it("serve the sealed PDF and the evidence pack, to an auditor's token too, logged under its name", async () => {
    const { agreement, token } = await issueTestAgreement({ articleTitle: "Sealed for the API" });
    const unsigned = await get(signedPdf, agreement.id);
    expect(unsigned.status).toBe(409);
    expect(expectProblem(unsigned)).toMatchObject({ code: "NOT_SIGNED" });

    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const sealed = await sealAgreement(agreement.id);
    const pdf = await get(signedPdf, agreement.id, auditor);
    expect(pdf.status).toBe(200);
    expect(pdf.response.headers.get("content-type")).toBe("application/pdf");
    const bytes = new Uint8Array(await pdf.response.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe("%PDF-");
    expect(sha256Hex(bytes)).toBe(sealed.sha256);
    expect(pdf.response.headers.get("x-content-sha256")).toBe(sealed.sha256);
    expect(pdf.response.headers.get("ratelimit-limit")).toMatch(/^\d+$/);
    const downloaded = await lastEvent(agreement.id, "pdf.downloaded");
    expect(downloaded.actor).toBe(`api:${(await auditor).token.name}`);

    const pack = await get(evidence, agreement.id, auditor);
    expect(pack.status).toBe(200);
    expect(pack.response.headers.get("content-type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await pack.response.arrayBuffer()));
    expect(sha256Hex(files["signed-agreement.pdf"])).toBe(sealed.sha256);
    expect(Object.keys(files)).toContain("events.json");
    expect((await lastEvent(agreement.id, "evidence.downloaded")).actor).toBe(`api:${(await auditor).token.name}`);
  });

  it("answer 404 for an unknown agreement, and 401 without a token", async () => {
    const pdf = await get(signedPdf, "no-such-agreement");
    expect(pdf.status).toBe(404);
    expect(expectProblem(pdf)).toMatchObject({ code: "NOT_FOUND" });
    expect((await get(evidence, "no-such-agreement")).status).toBe(404);
    const anonymous = await callApi(evidence, { path: "/api/v1/agreements/x/evidence", params: { id: "x" } });
    expect(anonymous.status).toBe(401);
  });
});
