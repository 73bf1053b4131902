import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// The packages this test file's process has loaded so far (CommonJS, as Node keeps them).
const PDF_PACKAGES = /node_modules\/(pdf-lib|@cantoo\/pdf-lib)\//;
const pdfLibrariesLoaded = () =>
  Object.keys(createRequire(import.meta.url).cache).filter((file) => PDF_PACKAGES.test(file));

describe("the web server loads the PDF libraries on first use", () => {
  it("a staff agreement's page (with its timestamp action) and /verify's form load no pdf-lib; using them does", async () => {
    await import("@/app/staff/(app)/agreements/[id]/timestamp-action");
    await import("@/app/verify/page");
    expect(pdfLibrariesLoaded()).toEqual([]);
    // What the action loads when a staff member presses "Add timestamp", and /verify when a file is checked.
    await import("@/lib/agreements/timestamp-signed-document");
    await import("@/lib/verification/verify-document");
    expect(pdfLibrariesLoaded()).not.toEqual([]);
  });
});
