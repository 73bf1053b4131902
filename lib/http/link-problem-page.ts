import { escapeHtml } from "@/lib/mail/templates/escape-html";

/** A complete, self-contained page for a signing link that cannot be opened (see proxy.ts). */
export function linkProblemPage({ title, message }: { title: string; message: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><title>${escapeHtml(title)} · Imprimatur</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI","Noto Sans",Roboto,sans-serif;color:#1a1a1a;background:#f4f5f7;line-height:1.5}
header{background:#fff;border-bottom:1px solid #d0d4da}header div,main{max-width:960px;margin:0 auto;padding:0 20px}
header div{min-height:56px;display:flex;align-items:center;font-weight:700}main{padding-top:28px}
.card{background:#fff;border:1px solid #d0d4da;border-radius:8px;padding:24px}h1{font-size:1.6rem;margin:0 0 16px}
</style></head>
<body><header><div>Imprimatur</div></header>
<main><div class="card"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></div></main></body></html>`;
}
