import { describe, expect, it } from "vitest";
import { sealCertificateState } from "./seal-certificate-state";

describe("the seal certificate on the staff home", () => {
  it("says the generated seal is self-signed, whose it is, and how long it is valid", async () => {
    const state = await sealCertificateState(new Date());
    expect(state).toMatchObject({ ok: true, selfSigned: true });
    if (!state.ok) return;
    expect(state.subject).toMatch(/self-signed/);
    expect(state.notAfter.getTime()).toBeGreaterThan(Date.now());
    expect(state.daysLeft).toBeGreaterThan(300);
    // Ten days before its end, the home says so.
    const later = await sealCertificateState(new Date(state.notAfter.getTime() - 10 * 86_400_000));
    expect(later).toMatchObject({ ok: true, daysLeft: 10 });
  });
});
