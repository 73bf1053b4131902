import type { ChoiceDocumentPart, QuestionForForm } from "@/lib/agreements/choice-document";
import { choiceDetailField, choiceField } from "@/lib/agreements/choice-answers";
import type { FormState } from "@/lib/forms/form-state";
import type { ChoiceAnswer } from "@/lib/templates/template-definition";
import { formatCount } from "@/lib/text/format-count";

type State = Pick<FormState<string>, "values" | "fieldErrors">;

// Keys and values are [a-z0-9._-]: valid in an id as they are, and distinct ones stay distinct.
const idOf = (field: string) => `field-${field}`;

/**
 * The agreement with its questions where the text asks them, inside the signing form: a radio
 * group per question (fieldset and legend), each option followed by the clause it puts in the
 * agreement, and a text box for an option that asks for a short description. What the author
 * chose and typed comes back with any error, tied to its field.
 */
export function ChoiceDocument({
  parts,
  state,
  label,
  detailHints,
  lang,
}: {
  parts: ChoiceDocumentPart[];
  state: State;
  /** The page's words: the article's name and each short-text box's hint, by field. */
  label: string;
  detailHints: Record<string, string>;
  /** The agreement's language, which its questions share. */
  lang?: string;
}) {
  return (
    <article className="agreement-text" aria-label={label} lang={lang}>
      {parts.map((part, index) =>
        part.kind === "text" ? (
          <div key={index} dangerouslySetInnerHTML={{ __html: part.html }} />
        ) : (
          <ChoiceQuestion key={part.question.key} question={part.question} state={state} detailHints={detailHints} />
        ),
      )}
    </article>
  );
}

function ChoiceQuestion({
  question,
  state,
  detailHints,
}: {
  question: QuestionForForm;
  state: State;
  detailHints: Record<string, string>;
}) {
  const field = choiceField(question.key);
  const error = state.fieldErrors[field];
  const chosen = state.values[field];
  const errorId = `${idOf(field)}-error`;
  return (
    <fieldset
      className={error ? "choice-question invalid" : "choice-question"}
      aria-describedby={error ? errorId : undefined}
    >
      <legend>{question.question}</legend>
      {error ? (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
      {question.options.map((option) => {
        const id = idOf(`${field}.${option.value}`);
        const clauseId = `${id}-clause`;
        return (
          <div className="choice-option" key={option.value}>
            <label className="checkbox" htmlFor={id}>
              <input
                type="radio"
                id={id}
                name={field}
                value={option.value}
                required
                defaultChecked={chosen === option.value}
                aria-describedby={option.clause.length > 0 ? clauseId : undefined}
              />
              {option.label}
            </label>
            {option.clause.length > 0 ? (
              <div className="choice-clause" id={clauseId}>
                {option.clause.map((line, index) => (
                  <p key={index}>{line}</p>
                ))}
              </div>
            ) : null}
            {option.detail ? (
              <DetailField
                field={choiceDetailField(question.key, option.value)}
                option={option}
                state={state}
                hint={detailHints[choiceDetailField(question.key, option.value)]}
              />
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

function DetailField({
  field,
  option,
  state,
  hint,
}: {
  field: string;
  option: QuestionForForm["options"][number];
  state: State;
  hint: string | undefined;
}) {
  const id = idOf(field);
  const error = state.fieldErrors[field];
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="field choice-detail">
      <label htmlFor={id}>{option.detail!.label}</label>
      <span className="hint" id={`${id}-hint`}>
        {hint ?? `Only if you choose “${option.label}”; at most ${formatCount(option.detail!.maxLength)} characters.`}
      </span>
      <input
        type="text"
        id={id}
        name={field}
        maxLength={option.detail!.maxLength}
        defaultValue={state.values[field]}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The author's answers once given: what they chose, question by question. */
export function ChoiceAnswersSummary({
  answers,
  heading = "Your choices in this agreement",
}: {
  answers: ChoiceAnswer[];
  heading?: string;
}) {
  if (answers.length === 0) return null;
  return (
    <section className="card" aria-labelledby="choices-heading">
      <h2 id="choices-heading">{heading}</h2>
      <dl className="facts">
        {answers.map((answer) => (
          <div key={answer.key}>
            <dt>{answer.question}</dt>
            <dd>
              {answer.label}
              {answer.detail ? ` — ${answer.detail}` : ""}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
