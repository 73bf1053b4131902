import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { EVENT_COLUMN_GAP, eventColumnWidths, formatUtcSeconds } from "./completion-certificate";
import { renderAgreementPdf } from "./render-agreement-pdf";
import type { EvidenceEvent, SignedAgreementPdfInput } from "./signed-agreement-pdf-input";
import { agreement, events, fontNames, pageCount, pdfScratch, run, squashed, textOf } from "@/test/render-fixtures";

const scratch = pdfScratch();
afterAll(() => rmSync(scratch.dir, { recursive: true, force: true }));

const LEFT_MARGIN = 72;
const CONTENT_WIDTH = 595.28 - 2 * LEFT_MARGIN;

async function render(input: SignedAgreementPdfInput, name: string) {
  const file = scratch.write(await renderAgreementPdf(input), name);
  const pages = pageCount(file);
  const page = (number: number) => textOf(file, "-f", String(number), "-l", String(number));
  return { file, pages, page };
}

/** The text of one event-table column on one page, top to bottom, whitespace removed. */
function columnText(file: string, pageNumber: number, column: number): string {
  const widths = eventColumnWidths(CONTENT_WIDTH);
  const x = LEFT_MARGIN + widths.slice(0, column).reduce((sum, width) => sum + width + EVENT_COLUMN_GAP, 0);
  const area = ["-x", String(Math.floor(x - 1)), "-y", "0", "-W", String(Math.ceil(widths[column] + 2)), "-H", "842"];
  return squashed(textOf(file, "-f", String(pageNumber), "-l", String(pageNumber), ...area));
}

describe("the certificate of completion", () => {
  it("follows the agreement on a page of its own, identifying the agreement, its text and who was asked to sign", async () => {
    const input = agreement();
    const { pages, page } = await render(input, "certificate");
    const certificate = page(pages);
    expect(certificate.trimStart().startsWith("Certificate of completion")).toBe(true);
    expect(page(pages - 1)).not.toContain("Certificate of completion");
    for (const expected of [
      `Agreement ID ${input.agreementId}`,
      `Proceedings ${input.proceedingsName}`,
      `Article ${input.articleTitle}`,
      `Text SHA-256 ${input.textSha256}`,
      `Signing link sent to ${input.evidence.invitedEmail}`,
      `Typed signature ${input.signatureName}`,
      "Signed at 2024-05-01 14:03:27 UTC",
      `Chain head ${input.evidence.chainHead}`,
    ]) {
      expect(squashed(certificate)).toContain(squashed(expected));
    }
    expect(certificate).toContain(`page ${pages} of ${pages}`);
  });

  it("states the signer's authority for all the authors, and how to verify the seal", async () => {
    const { pages, page } = await render(
      agreement({ authors: ["Zoë Łukasiewicz-Nguyễn", "Jane Smith", "Ahmed Al-Farsi"] }),
      "authority",
    );
    const certificate = squashed(page(pages));
    expect(certificate).toContain(
      squashed(
        "Signed by Zoë Łukasiewicz-Nguyễn as corresponding author on behalf of all authors: Zoë Łukasiewicz-Nguyễn; Jane Smith; Ahmed Al-Farsi",
      ),
    );
    expect(certificate).toContain(
      squashed(
        "This document is digitally sealed by PMLR document seal (self-signed). Verify it at https://imprimatur.example.org/verify or with any PDF reader that checks signatures.",
      ),
    );
    const { pages: count, page: withoutUrl } = await render(agreement({ verifyUrl: undefined }), "no-verify-url");
    expect(squashed(withoutUrl(count))).toContain(squashed("Verify it with any PDF reader that checks signatures."));
  });

  it("says who vouches for the seal's time: the timestamp authority, or the server's own clock, and why", async () => {
    const cases = [
      [
        { kind: "timestamp_authority", host: "tsa.example.org" },
        "The seal's time is certified by the timestamp authority tsa.example.org (RFC 3161); the time is in the " +
          "digital signature and shown by https://imprimatur.example.org/verify.",
      ],
      [
        { kind: "server_clock" },
        "The seal's time is the publisher's server's own clock; no timestamp authority vouches for it.",
      ],
      [
        { kind: "authority_unavailable", host: "tsa.example.org" },
        "The seal's time is the publisher's server's own clock: the timestamp authority tsa.example.org was " +
          "unavailable when this document was sealed, so a timestamp from it is to be added to the document later.",
      ],
    ] as const;
    for (const [sealTime, sentence] of cases) {
      const input = agreement();
      const { pages, page } = await render({ ...input, evidence: { ...input.evidence, sealTime } }, sealTime.kind);
      expect(squashed(page(pages))).toContain(squashed(sentence));
    }
  });

  it("lists every event with its time to the second, actor, IP address and user agent in their columns", async () => {
    const { file, pages } = await render(agreement(), "events");
    const expected: (keyof EvidenceEvent)[] = ["occurredAt", "label", "actor", "ip", "userAgent"];
    expected.forEach((field, column) => {
      const text = columnText(file, pages, column);
      let from = 0;
      for (const event of events) {
        const value = event[field];
        const shown = value instanceof Date ? formatUtcSeconds(value) : (value ?? "—");
        const at = text.indexOf(squashed(String(shown)), from);
        expect(at, `${field} of ${event.type}`).toBeGreaterThanOrEqual(from);
        from = at + 1;
      }
    });
    expect(formatUtcSeconds(events[0].occurredAt)).toBe("2024-04-28 09:12:03 UTC");
  });

  it("wraps long user agents inside their column and renders actors and agents in any script", async () => {
    const longAgent = `${"Mozilla/5.0 (Linux; Android 14; 小米 13 Build/UKQ1) AppleWebKit/537.36 ".repeat(4)}Ελληνικά עברית العربية`;
    const event: EvidenceEvent = {
      type: "agreement.signed",
      label: "Signed",
      occurredAt: new Date("2024-05-01T14:03:27Z"),
      actor: "محمد عبد الله 张浩洋",
      ip: "198.51.100.23",
      userAgent: longAgent,
    };
    const { file, pages } = await render(
      agreement({ evidence: { ...agreement().evidence, events: [event] } }),
      "scripts",
    );
    expect(columnText(file, pages, 4)).toContain(squashed("Mozilla/5.0 (Linux; Android 14; 小米 13 Build/UKQ1)"));
    expect(columnText(file, pages, 4)).toContain(squashed("Ελληνικά"));
    expect(columnText(file, pages, 2)).toContain("张浩洋");
    expect(fontNames(file).some((name) => name.endsWith("NotoNaskhArabic"))).toBe(true);
    const agentColumnLeft = LEFT_MARGIN + CONTENT_WIDTH - eventColumnWidths(CONTENT_WIDTH)[4];
    const words = [
      ...run("pdftotext", "-f", String(pages), "-l", String(pages), "-bbox", file, "-").matchAll(
        /xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</g,
      ),
    ];
    const agentWords = words.filter(([, xMin]) => Number(xMin) >= agentColumnLeft - 1);
    expect(new Set(agentWords.map(([, , yMin]) => yMin)).size).toBeGreaterThan(5);
    for (const [, xMin, , xMax] of words) {
      expect(Number(xMin)).toBeGreaterThanOrEqual(LEFT_MARGIN - 0.5);
      expect(Number(xMax)).toBeLessThanOrEqual(LEFT_MARGIN + CONTENT_WIDTH + 0.5);
    }
  });

  it("splits a user agent too long for one page across pages instead of drawing past the margin", async () => {
    const event = { ...events[3], userAgent: `${"Token/1.0 (junk; padding) ".repeat(320)}END-OF-AGENT` };
    const { file, pages, page } = await render(
      agreement({ evidence: { ...agreement().evidence, events: [event] } }),
      "huge-agent",
    );
    const numbers = Array.from({ length: pages }, (_, index) => index + 1);
    const first = numbers.find((number) => page(number).includes("Certificate of completion"))!;
    // The row starts right under the header rather than leaving the certificate's first page empty.
    expect(page(first)).toContain("Token/1.0");
    const continued = numbers.filter((number) => number > first && page(number).includes("Token/1.0"));
    expect(continued.length).toBeGreaterThan(1);
    for (const number of continued) expect(page(number)).toContain("Time (UTC)");
    expect(textOf(file)).toContain("END-OF-AGENT");
    const boxes = [...run("pdftotext", "-bbox", file, "-").matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"/g)];
    for (const [, yMin, yMax] of boxes) {
      expect(Number(yMin)).toBeGreaterThanOrEqual(24);
      expect(Number(yMax)).toBeLessThanOrEqual(841.89 - 24);
    }
    // Nothing of the body may reach into the footer band either.
    const bodyBoxes = [...run("pdftotext", "-bbox", file, "-").matchAll(/yMax="([\d.]+)">([^<]*)</g)].filter(
      ([, , word]) => word.startsWith("Token"),
    );
    for (const [, yMax] of bodyBoxes) expect(Number(yMax)).toBeLessThanOrEqual(841.89 - 72 + 1);
  });

  it("continues a long event table on further pages under a repeated header", async () => {
    const many = Array.from({ length: 60 }, (_, index) => ({
      ...events[3],
      label: "Opened by the author",
      occurredAt: new Date(Date.UTC(2024, 4, 1, 10, 0, index)),
    }));
    const input = agreement({ evidence: { ...agreement().evidence, events: many } });
    const { file, pages, page } = await render(input, "many-events");
    const numbers = Array.from({ length: pages }, (_, index) => index + 1);
    const first = numbers.find((number) => page(number).includes("Certificate of completion"))!;
    const certificatePages = numbers.slice(first - 1);
    expect(certificatePages.length).toBeGreaterThan(1);
    const times = certificatePages.map((number) => columnText(file, number, 0)).join("");
    for (const event of many) expect(times).toContain(squashed(formatUtcSeconds(event.occurredAt)));
    for (const number of certificatePages.slice(1)) expect(page(number)).toContain("Time (UTC)");
    expect(page(pages)).toContain(input.evidence.chainHead);
  });
});
