"use client";

import { useActionState, useState, type ChangeEvent } from "react";
import { FormOutcome } from "./form-outcome";

type Problem = { line: number | null; column: string | null; message: string };
type Row = {
  line: number;
  paperId: string;
  articleTitle: string;
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
};
type Change = { field: "title" | "authors" | "corresponding_author"; from: string; to: string };
type ChangedPaper = { line: number; paperId: string; status: string; changes: Change[] };
export type ImportPreviewState =
  | { error?: string; importId?: undefined }
  | {
      importId: string;
      fileName: string;
      valid: number;
      problems: Problem[];
      sample: Row[];
      unchanged: number;
      changed: ChangedPaper[];
      changedCount: number;
      error?: undefined;
    };

const FIELD_LABEL: Record<Change["field"], string> = {
  title: "Title",
  authors: "Authors",
  corresponding_author: "Corresponding author",
};
// What reissuing does to the paper's current agreement, by its status.
const REISSUE_EFFECT: Record<string, string> = {
  sent: "sent: it is voided and replaced",
  viewed: "viewed: it is voided and replaced",
  expired: "expired: it is replaced",
  declined: "declined: it is replaced, and the author is asked again",
  signed: "already signed: it is superseded, and the author must sign again",
};

/** Sends the chosen file as the raw body of a POST to the upload route; its answer is the new state. */
async function uploadForPreview(uploadUrl: string, maxBytes: number, formData: FormData): Promise<ImportPreviewState> {
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return { error: "Choose a CSV file to upload." };
  if (file.size > maxBytes) return { error: tooLargeMessage(maxBytes) };
  try {
    const response = await fetch(`${uploadUrl}?name=${encodeURIComponent(file.name)}`, {
      method: "POST",
      body: file,
      headers: { "Content-Type": "text/csv" },
    });
    if (response.status === 413) return { error: tooLargeMessage(maxBytes) };
    const answer = (await response.json()) as ImportPreviewState;
    return response.ok ? answer : { error: answer.error ?? "The file could not be checked. Please try again." };
  } catch {
    return { error: "The file could not be uploaded. Please try again." };
  }
}

const tooLargeMessage = (maxBytes: number) =>
  `The file is larger than ${maxBytes / 1024 / 1024} MB: split it into several files.`;

export function ImportPreview({
  uploadUrl,
  issue,
  maxBytes,
}: {
  uploadUrl: string;
  issue: (importId: string) => Promise<void>;
  maxBytes: number;
}) {
  const [state, formAction, pending] = useActionState(
    (_previous: ImportPreviewState, formData: FormData) => uploadForPreview(uploadUrl, maxBytes, formData),
    {},
  );
  const [tooLarge, setTooLarge] = useState<string>();
  const checkSize = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setTooLarge(file && file.size > maxBytes ? tooLargeMessage(maxBytes) : undefined);
  };
  const error = tooLarge ?? state.error;
  return (
    <div className="stack">
      <form action={formAction} className="card">
        <div className="field">
          <label htmlFor="import-file">CSV file</label>
          <span className="hint" id="import-file-hint">
            Columns: paper_id, title, corresponding_author, corresponding_email, authors (separated by “;”, each with
            their email where known: “Ada Lovelace &lt;ada@example.org&gt;; Charles Babbage”). UTF-8, commas or
            semicolons. Also read: a CMT paper export, OpenReview&apos;s accepted notes (.json), and a PMLR proceedings
            .bib with each corresponding author&apos;s address in the entry&apos;s email = {"{…}"}.
          </span>
          <input
            id="import-file"
            name="file"
            type="file"
            accept=".csv,text/csv,.bib,.json"
            aria-describedby="import-file-hint"
            onChange={checkSize}
          />
        </div>
        <FormOutcome state={{ formError: error }} />
        <button type="submit" disabled={pending || Boolean(tooLarge)}>
          {pending ? "Checking…" : "Preview import"}
        </button>
      </form>
      {state.importId ? <PreviewResult state={state} issue={issue} /> : null}
    </div>
  );
}

function PreviewResult({
  state,
  issue,
}: {
  state: Extract<ImportPreviewState, { importId: string }>;
  issue: (importId: string) => Promise<void>;
}) {
  return (
    <section className="card stack" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview of {state.fileName}</h2>
      <p role="status">
        {state.valid} row{state.valid === 1 ? "" : "s"} ready to issue;{" "}
        {state.problems.length === 0
          ? "no problems found"
          : `${state.problems.length} problem${state.problems.length === 1 ? "" : "s"} found`}
        . Nothing has been issued yet.
      </p>
      {state.changedCount > 0 || state.unchanged > 0 ? (
        <p>
          Of the papers already in this volume, {state.unchanged} {state.unchanged === 1 ? "is" : "are"} unchanged
          (nothing is issued for {state.unchanged === 1 ? "it" : "them"}) and {state.changedCount} changed: issuing
          reissues {state.changedCount === 1 ? "its agreement" : "their agreements"}, and each author is told why.
        </p>
      ) : null}
      {state.changedCount > 0 ? <ChangedPapers state={state} /> : null}
      {state.problems.length > 0 ? (
        <table>
          <caption className="visually-hidden">Problems</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {state.problems.map((problem, index) => (
              <tr key={index}>
                <td>{problem.line ?? "—"}</td>
                <td>{problem.column ?? "—"}</td>
                <td>{problem.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {state.valid > 0 ? (
        <form action={issue.bind(null, state.importId)}>
          <button type="submit">
            Issue {state.valid} agreement{state.valid === 1 ? "" : "s"}
          </button>{" "}
          {state.problems.length > 0 ? (
            <span className="hint">Rows with problems are left out; fix them and upload them again later.</span>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}

function ChangedPapers({ state }: { state: Extract<ImportPreviewState, { importId: string }> }) {
  return (
    <table>
      <caption>
        Changed papers ({state.changedCount}
        {state.changedCount > state.changed.length ? `, the first ${state.changed.length} shown` : ""})
      </caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">Paper</th>
          <th scope="col">What changed</th>
          <th scope="col">Current agreement</th>
        </tr>
      </thead>
      <tbody>
        {state.changed.map((paper) => (
          <tr key={paper.paperId} data-changed-paper={paper.paperId}>
            <td>{paper.line}</td>
            <td>{paper.paperId}</td>
            <td>
              {paper.changes.map((change) => (
                <p key={change.field}>
                  {FIELD_LABEL[change.field]}: “{change.from}” → “{change.to}”
                </p>
              ))}
            </td>
            <td>
              {paper.status === "signed" ? <strong>{REISSUE_EFFECT.signed}</strong> : REISSUE_EFFECT[paper.status]}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
