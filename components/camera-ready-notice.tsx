"use client";

import { useState } from "react";

type Notice = { text: string; snippet: string };
/** The section's words, in the page's language. */
export type NoticeWords = {
  heading: string;
  hint: string;
  plainText: string;
  latex: string;
  copyText: string;
  copyLatex: string;
  copied: string;
};

const BLOCK = { whiteSpace: "pre-wrap", overflowWrap: "anywhere", userSelect: "all", margin: 0 } as const;

/** The notice to paste into the camera-ready paper, as plain text and as LaTeX, each with a copy button. */
export function CameraReadyNotice({ notice, words }: { notice: Notice; words: NoticeWords }) {
  return (
    <section className="card stack" aria-labelledby="notice-heading">
      <h2 id="notice-heading">{words.heading}</h2>
      <p className="hint">{words.hint}</p>
      <NoticeBlock
        id="notice-text"
        label={words.plainText}
        copy={words.copyText}
        copied={words.copied}
        value={notice.text}
      />
      <NoticeBlock
        id="notice-latex"
        label={words.latex}
        copy={words.copyLatex}
        copied={words.copied}
        value={notice.snippet}
      />
    </section>
  );
}

function NoticeBlock(props: { id: string; label: string; copy: string; copied: string; value: string }) {
  const { id, label, value } = props;
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
          {props.copy}
        </button>{" "}
        <span aria-live="polite">{copied ? props.copied : ""}</span>
      </p>
    </div>
  );
}
