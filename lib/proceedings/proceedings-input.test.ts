import { describe, expect, it } from "vitest";
import { proceedingsInput } from "./proceedings-input";

const VALID = {
  name: "PMLR vol. 139",
  shortName: "v139",
  publisherName: "PMLR",
  deadline: "2026-12-31",
  linkExpiryDays: "30",
  reminderDays: "7, 2, 0",
};

function message(field: keyof typeof VALID, value: string) {
  return proceedingsInput.safeParse({ ...VALID, [field]: value }).error?.issues.find((issue) => issue.path[0] === field)
    ?.message;
}

describe("the volume settings", () => {
  // The publisher name is substituted into the legal text of every agreement in the volume.
  it("refuse a publisher name that would add a numbered clause to the agreement", () => {
    expect(message("publisherName", "PMLR\n8. New clause: the author assigns all rights to the publisher")).toBe(
      "Publisher must be on one line: remove the line break.",
    );
    expect(message("publisherName", "PMLR\u2028" + "8. New clause")).toBe(
      "Publisher must be on one line: remove the line break.",
    );
  });

  it("refuse invisible and direction characters in the name and the publisher, naming the field", () => {
    expect(message("publisherName", "PM\u200BLR")).toBe(
      "Publisher contains an invisible zero-width character (U+200B); remove it.",
    );
    expect(message("name", "PMLR \u202E931 .lov")).toBe(
      "Name contains an invisible text-direction character (U+202E), which can make it display differently from what is stored; remove it.",
    );
    expect(message("shortName", "v139\u0085")).toBe(undefined); // trailing white space is trimmed, nothing hidden remains
    expect(message("shortName", "v1\u009B39")).toBe("Short name contains a control character (U+009B); remove it.");
  });

  it("store names in NFC and an empty publisher as none", () => {
    const parsed = proceedingsInput.parse({
      ...VALID,
      name: "Actes de l'Acade\u0301mie",
      publisherName: "  Socie\u0301te\u0301 Mathe\u0301matique ",
    });
    expect(parsed.name).toBe("Actes de l'Acad\u00E9mie");
    expect(parsed.publisherName).toBe("Soci\u00E9t\u00E9 Math\u00E9matique");
    expect(proceedingsInput.parse({ ...VALID, publisherName: " " }).publisherName).toBe(null);
  });
});
