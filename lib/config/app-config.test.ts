import { afterEach, describe, expect, it } from "vitest";
import { publisherName } from "./app-config";

const original = process.env.PUBLISHER_NAME;
afterEach(() => {
  if (original === undefined) delete process.env.PUBLISHER_NAME;
  else process.env.PUBLISHER_NAME = original;
});

describe("PUBLISHER_NAME", () => {
  it("is refused, loudly and by name, when it would add a clause to the legal text", () => {
    process.env.PUBLISHER_NAME = "PMLR\n8. New clause: the author assigns all rights to the publisher";
    expect(() => publisherName()).toThrow(
      "PUBLISHER_NAME must be on one line: remove the line break. It is written into the legal text of agreements: fix the setting and restart.",
    );
  });

  it("is refused when it holds a hidden character", () => {
    process.env.PUBLISHER_NAME = "PM\u202ELR";
    expect(() => publisherName()).toThrow(/^PUBLISHER_NAME contains an invisible text-direction character \(U\+202E\)/);
  });

  it("is used in NFC, trimmed, and defaults to PMLR", () => {
    process.env.PUBLISHER_NAME = " Socie\u0301te\u0301 ";
    expect(publisherName()).toBe("Soci\u00E9t\u00E9");
    delete process.env.PUBLISHER_NAME;
    expect(publisherName()).toBe("PMLR");
  });
});
