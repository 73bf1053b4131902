import { escapeHtml } from "./escape-html";

const BUTTON_FALLBACK = "If the button does not work, copy this address into your browser:";

/**
 * A plain, widely-rendered HTML body: one column, a heading, paragraphs, text to copy as it is
 * (monospace, wrapped, each with a label) and one button.
 */
export function emailHtml(parts: {
  heading: string;
  paragraphs: string[];
  preformatted?: { label: string; text: string }[];
  action?: { label: string; url: string };
  footer?: string;
  /** The email's language: its `lang`, and the words under the button (English by default). */
  lang?: string;
  buttonFallback?: string;
}): string {
  const paragraphs = parts.paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join("\n");
  const preformatted = (parts.preformatted ?? [])
    .map(
      (block) =>
        `<p style="margin:16px 0 4px;font-weight:bold">${escapeHtml(block.label)}</p>\n` +
        `<pre style="margin:0 0 16px;padding:12px;background:#f4f4f5;border:1px solid #ddd;white-space:pre-wrap;` +
        `word-break:break-word;font-family:Menlo,Consolas,monospace;font-size:13px">${escapeHtml(block.text)}</pre>`,
    )
    .join("\n");
  const action = parts.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(parts.action.url)}" style="background:#1d4ed8;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(parts.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#555">${escapeHtml(parts.buttonFallback ?? BUTTON_FALLBACK)}<br>${escapeHtml(parts.action.url)}</p>`
    : "";
  const footer = parts.footer
    ? `<p style="margin:24px 0 0;font-size:12px;color:#666">${escapeHtml(parts.footer)}</p>`
    : "";
  return `<!doctype html>
<html lang="${escapeHtml(parts.lang ?? "en")}"><body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#111;max-width:600px;margin:0 auto;padding:24px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(parts.heading)}</h1>
${paragraphs}
${preformatted}
${action}
${footer}
</body></html>`;
}
