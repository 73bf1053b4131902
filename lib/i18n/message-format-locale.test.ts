import { IntlMessageFormat } from "intl-messageformat";
import { afterEach, describe, expect, it, vi } from "vitest";
import { trustOurMessageLocales } from "./message-format-locale";
import { translator } from "./translator";

afterEach(() => vi.restoreAllMocks());

// ICU's number-format locale data, once loaded, stays resident in the server for good.
describe("messages in our languages are formatted without ICU's locale check", () => {
  it("a translated message never asks ICU which number-format locales it supports", () => {
    const supportedLocalesOf = vi.spyOn(Intl.NumberFormat, "supportedLocalesOf");
    expect(translator("en", "sign")("heading", { title: "On Memory" })).toBe("Publication agreement for “On Memory”");
    expect(translator("ja", "sign")("heading", { title: "記憶" })).toContain("記憶");
    expect(supportedLocalesOf).not.toHaveBeenCalled();
  });

  it("a message in a tag we do not ship still goes through the check", () => {
    trustOurMessageLocales();
    const supportedLocalesOf = vi.spyOn(Intl.NumberFormat, "supportedLocalesOf");
    expect(new IntlMessageFormat("Hallo {name}", "de-CH").format({ name: "Ada" })).toBe("Hallo Ada");
    expect(supportedLocalesOf).toHaveBeenCalledWith("de-CH");
  });
});
