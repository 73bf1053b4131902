import { describe, expect, it } from "vitest";
import { MAX_IMPORT_BYTES } from "@/lib/proceedings/import-limits";
import { MAX_VERIFY_BYTES } from "@/lib/verification/verify-document";
import { bodyRefusal, PUBLIC_BODY_LIMIT, STAFF_BODY_LIMIT, VERIFY_BODY_LIMIT } from "./body-limits";

const declared = (bytes: number) => ({ "content-length": String(bytes) });

describe("body limits decided from the headers alone", () => {
  it("gives public addresses a small limit, staff forms 1 MB, and only the two upload routes more", () => {
    expect(bodyRefusal("POST", "/sign/abc", declared(PUBLIC_BODY_LIMIT))).toBeNull();
    expect(bodyRefusal("POST", "/sign/abc", declared(PUBLIC_BODY_LIMIT + 1))).toMatchObject({ status: 413 });
    expect(bodyRefusal("POST", "/api/auth/signin/email", declared(2 * 1024 * 1024))).toMatchObject({ status: 413 });
    expect(bodyRefusal("POST", "/staff/agreements/new", declared(STAFF_BODY_LIMIT))).toBeNull();
    expect(bodyRefusal("POST", "/staff/agreements/new", declared(STAFF_BODY_LIMIT + 1))).toMatchObject({ status: 413 });
    expect(bodyRefusal("POST", "/verify/check", declared(VERIFY_BODY_LIMIT))).toBeNull();
    expect(bodyRefusal("POST", "/verify/check", declared(VERIFY_BODY_LIMIT + 1))).toMatchObject({ status: 413 });
    expect(bodyRefusal("POST", "/staff/proceedings/p1/import/upload", declared(MAX_IMPORT_BYTES))).toBeNull();
    expect(bodyRefusal("POST", "/staff/proceedings/p1/import/upload", declared(MAX_IMPORT_BYTES + 1))).toMatchObject({
      status: 413,
    });
    expect(bodyRefusal("POST", "/staff/proceedings/p1/import", declared(MAX_IMPORT_BYTES))).toMatchObject({
      status: 413,
    });
  });

  it("refuses a body of unknown length (chunked) except where the route reads it with its own cap", () => {
    expect(bodyRefusal("POST", "/sign/abc", { "transfer-encoding": "chunked" })).toMatchObject({ status: 411 });
    expect(bodyRefusal("POST", "/staff/team", { "transfer-encoding": "chunked" })).toMatchObject({ status: 411 });
    expect(bodyRefusal("POST", "/verify/check", { "transfer-encoding": "chunked" })).toBeNull();
    expect(bodyRefusal("POST", "/staff/proceedings/p1/import/upload", { "transfer-encoding": "chunked" })).toBeNull();
    expect(bodyRefusal("GET", "/sign/abc", {})).toBeNull();
  });

  it("refuses a Content-Length it cannot read as a small whole number", () => {
    expect(bodyRefusal("POST", "/sign/abc", { "content-length": "1e9" })).toMatchObject({ status: 413 });
    expect(bodyRefusal("POST", "/sign/abc", { "content-length": "99999999999999999999" })).toMatchObject({
      status: 413,
    });
  });

  it("keeps the verify limit equal to the verify route's own", () => {
    expect(VERIFY_BODY_LIMIT).toBe(MAX_VERIFY_BYTES);
  });
});
