/** The signing page as the author's browser received it. */
export const openSigningPage = (signingUrl: string) => fetch(signingUrl).then((r) => r.text());

export type FormAnswer = { status: number; location: string | null; body: string };

/**
 * Posts the signing page's form the way a browser without JavaScript would (the server action's
 * hidden fields plus the typed name and the ticked box) and returns the server's answer as is.
 */
export async function postSigningForm(signingUrl: string, typedName: string, page: string): Promise<FormAnswer> {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g;
  let match: RegExpExecArray | null;
  while ((match = form.exec(page))) {
    if (!match[2].includes('name="typedName"')) continue;
    const body = new FormData();
    for (const hidden of match[2].matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g))
      body.append(decode(hidden[1]), decode(hidden[2] ?? ""));
    body.append("typedName", typedName);
    body.append("agreed", "on");
    const response = await fetch(new URL(decode(match[1]) || signingUrl, signingUrl), {
      method: "POST",
      body,
      redirect: "manual",
      headers: { Origin: new URL(signingUrl).origin },
    });
    return { status: response.status, location: response.headers.get("location"), body: await response.text() };
  }
  throw new Error("the signing page has no signature form");
}

/** Signs through the form and fails loudly on any refusal. */
export async function signThroughForm(signingUrl: string, typedName: string, page: string): Promise<void> {
  const { status, body } = await postSigningForm(signingUrl, typedName, page);
  if (status >= 400) throw new Error(`signing failed with HTTP ${status}: ${body.slice(0, 200)}`);
}

function decode(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
