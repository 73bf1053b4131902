/** The signing page as the author's browser received it. */
export const openSigningPage = (signingUrl: string) => fetch(signingUrl).then((r) => r.text());

/**
 * Signs the way a browser without JavaScript would: POST the signing page's form
 * (the server action's hidden fields plus the typed name and the ticked box).
 */
export async function signThroughForm(signingUrl: string, typedName: string, page: string): Promise<void> {
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
    if (response.status >= 400) throw new Error(`signing failed with HTTP ${response.status}`);
    return;
  }
  throw new Error("the signing page has no signature form");
}

function decode(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
