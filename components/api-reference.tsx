// The REST API's reference for people, rendered on the server from the OpenAPI document (no
// script: the CSP allows none of ours here, and a reference needs none).

type Schema = { $ref?: string; example?: unknown; description?: string; [key: string]: unknown };
type Parameter = { in: string; name: string; description?: string; required?: boolean; schema?: Schema };
type Content = Record<string, { schema?: Schema }>;
type Operation = {
  operationId: string;
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content: Content };
  responses: Record<string, { description: string; content?: Content }>;
};
export type OpenApiForReference = {
  info: { title: string; description?: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

const refName = (schema?: Schema) => schema?.$ref?.split("/").at(-1);

function SchemaLink({ schema }: { schema?: Schema }) {
  const name = refName(schema);
  if (name) return <a href={`#schema-${name}`}>{name}</a>;
  return <code>{schema ? String(schema.type ?? "value") : "—"}</code>;
}

function OperationSection({ method, path, operation }: { method: string; path: string; operation: Operation }) {
  return (
    <section className="card stack" id={operation.operationId}>
      <h3>
        <code>
          {method.toUpperCase()} /api/v1{path}
        </code>{" "}
        — {operation.summary}
      </h3>
      {operation.description?.split("\n\n").map((paragraph) => (
        <p key={paragraph}>{paragraph}</p>
      ))}
      {operation.parameters?.length ? (
        <table>
          <thead>
            <tr>
              <th>Parameter</th>
              <th>In</th>
              <th>Type</th>
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {operation.parameters.map((parameter) => (
              <tr key={`${parameter.in}:${parameter.name}`}>
                <td>
                  <code>{parameter.name}</code>
                  {parameter.required ? " (required)" : ""}
                </td>
                <td>{parameter.in}</td>
                <td>
                  <code>{JSON.stringify({ ...parameter.schema, description: undefined })}</code>
                </td>
                <td>{parameter.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {operation.requestBody ? (
        <p>
          Body (<code>application/json</code>):{" "}
          <SchemaLink schema={operation.requestBody.content["application/json"]?.schema} />
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th>Status</th>
            <th>Meaning</th>
            <th>Body</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(operation.responses).map(([status, response]) => (
            <tr key={status}>
              <td>{status}</td>
              <td>{response.description}</td>
              <td>
                {Object.entries(response.content ?? {}).map(([type, media]) => (
                  <span key={type}>
                    <code>{type}</code> <SchemaLink schema={media.schema} />
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function ApiReference({ document }: { document: OpenApiForReference }) {
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );
  return (
    <div className="stack">
      <p>{document.info.description}</p>
      <p>
        Base address: <code>{document.servers?.[0]?.url}</code>. The machine-readable document:{" "}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Errors:{" "}
        <a href="/api/v1/problems">problem types</a>.
      </p>
      <nav aria-label="Operations">
        <ul>
          {operations.map(({ path, method, operation }) => (
            <li key={operation.operationId}>
              <a href={`#${operation.operationId}`}>
                {method.toUpperCase()} {path}
              </a>{" "}
              — {operation.summary}
            </li>
          ))}
        </ul>
      </nav>
      <h2>Operations</h2>
      {operations.map(({ path, method, operation }) => (
        <OperationSection key={operation.operationId} method={method} path={path} operation={operation} />
      ))}
      <h2>Schemas</h2>
      {Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => (
        <section key={name} id={`schema-${name}`} className="card stack">
          <h3>{name}</h3>
          {schema.description ? <p>{schema.description}</p> : null}
          <pre>{JSON.stringify({ ...schema, example: undefined }, null, 2)}</pre>
          {schema.example !== undefined ? (
            <>
              <p>Example:</p>
              <pre>{JSON.stringify(schema.example, null, 2)}</pre>
            </>
          ) : null}
        </section>
      ))}
    </div>
  );
}
