import { isLocale, LANGUAGE_COOKIE } from "@/lib/i18n/locales";

// The signing page's language switcher posts here (a plain form: it works without JavaScript). The
// choice is kept in a session cookie for the rest of the visit, and the author goes back to the
// page. The link itself never changes: the language is not part of the address in the email.
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const form = await request.formData().catch(() => null);
  const chosen = form?.get("language");
  const headers = new Headers({ Location: `/sign/${encodeURIComponent(token)}`, "Cache-Control": "no-store" });
  if (isLocale(chosen))
    headers.append("Set-Cookie", `${LANGUAGE_COOKIE}=${chosen}; Path=/sign; HttpOnly; SameSite=Lax`);
  return new Response(null, { status: 303, headers });
}
