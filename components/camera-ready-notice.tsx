"use client";

import { useState } from "react";

type Notice = { text: string; snippet: string };

const BLOCK = { whiteSpace: "pre-wrap", overflowWrap: "anywhere", userSelect: "all", margin: 0 } as const;

/** The notice to paste into the camera-ready paper, as plain text and as LaTeX, each with a copy button. */
export function CameraReadyNotice({ notice }: { notice: Notice }) {
  return (
    <section className="card stack" aria-labelledby="notice-heading">
      <h2 id="notice-heading">Notice for your camera-ready paper</h2>
      <p className="hint">
        Put this copyright and licence notice in the paper you submit (e.g. as a footnote on the first page).
      </p>
      <NoticeBlock id="notice-text" label="Plain text" value={notice.text} />
      <NoticeBlock id="notice-latex" label="LaTeX" value={notice.snippet} />
    </section>
  );
}

function NoticeBlock({ id, label, value }: { id: string; label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="field">
      <h3 id={`${id}-label`}>{label}</h3>
      <pre id={id} aria-labelledby={`${id}-label`} tabIndex={0} style={BLOCK}>
        {value}
      </pre>
      <p>
        <button type="button" className="secondary" onClick={copy}>
          Copy {label === "LaTeX" ? "LaTeX" : "text"}
        </button>{" "}
        <span aria-live="polite">{copied ? "Copied." : ""}</span>
      </p>
    </div>
  );
}
