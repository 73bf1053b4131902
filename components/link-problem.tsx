export function LinkProblem({ title, message }: { title: string; message: string }) {
  return (
    <div className="card">
      <h1>{title}</h1>
      <p>{message}</p>
    </div>
  );
}
