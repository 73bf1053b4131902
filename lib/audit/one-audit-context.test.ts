import { readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Who acts is spelled in one place (audit-context.ts) and reaches operations in one shape
// (AuditContext). These checks read the source as the compiler does, so a second spelling of an
// actor or a retyped { actor, ip, userAgent } fails here before it reaches the audit log.
const ROOT = path.resolve(import.meta.dirname, "../..");
const CONTEXT_FILE = "lib/audit/audit-context.ts";
// Files whose own { ip, userAgent } type is excused while a branch moves them to AuditContext. Empty
// since the signing-link work moved the author side to RequestOrigin; an entry with nothing left to
// excuse fails the test on purpose.
const PENDING_DECLARATIONS: string[] = [];
const OWN_FIELDS = new Set(["actor", "userAgent"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return relative === "lib/db/generated" ? [] : sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

const files = [...sourceFiles("lib"), ...sourceFiles("app")];
let program: ts.Program | undefined;

function compiled(): ts.Program {
  if (program) return program;
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} };
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), { incremental: false }, host);
  if (!config) throw new Error("tsconfig.json could not be read");
  program = ts.createProgram(
    files.map((file) => path.join(ROOT, file)),
    config.options,
  );
  return program;
}

const relativeName = (sourceFile: ts.SourceFile) => path.relative(ROOT, sourceFile.fileName);

function visit(node: ts.Node, parent: ts.Node | undefined, each: (node: ts.Node, parent: ts.Node | undefined) => void) {
  each(node, parent);
  node.forEachChild((child) => visit(child, node, each));
}

/** Every piece of literal text that could spell an actor: string literals and template pieces. */
function actorSpellings(sourceFile: ts.SourceFile): string[] {
  const found: string[] = [];
  const line = (node: ts.Node) => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  const where = (node: ts.Node) => `${relativeName(sourceFile)}:${line(node)}`;
  visit(sourceFile, undefined, (node, parent) => {
    // `staff:${email}`: a template piece that ends in a prefix is followed by the name it prefixes.
    if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node)) {
      if (/(^|[^\w.-])(staff|author|api):$/.test(node.text)) {
        found.push(`${where(node)} builds an actor: \`${node.text}\${…}\``);
      }
    }
    // "staff:" as a constant, "staff:alice@…" or "system" written straight into an `actor` field.
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (/^(staff|author|api):/.test(node.text)) found.push(`${where(node)} spells an actor: "${node.text}"`);
      const actorField = parent && ts.isPropertyAssignment(parent) && parent.name.getText(sourceFile) === "actor";
      if (actorField && parent.initializer === node) {
        found.push(`${where(node)} sets an actor by hand: "${node.text}"`);
      }
    }
  });
  return found;
}

function exportedFunctions(sourceFile: ts.SourceFile): { name: string; node: ts.SignatureDeclaration }[] {
  const exported = (node: ts.Node) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const found: { name: string; node: ts.SignatureDeclaration }[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && exported(statement)) {
      found.push({ name: statement.name?.text ?? "default", node: statement });
    }
    if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const value = declaration.initializer;
        if (value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))) {
          found.push({ name: declaration.name.getText(sourceFile), node: value });
        }
      }
    }
  }
  return found;
}

/** `actor` or `userAgent` fields of an exported operation's parameters declared anywhere but in AuditContext. */
function retypedContexts(checker: ts.TypeChecker, sourceFile: ts.SourceFile, excused: Set<string>): string[] {
  const found: string[] = [];
  for (const { name, node } of exportedFunctions(sourceFile)) {
    const signature = checker.getSignatureFromDeclaration(node);
    // An operation does I/O and answers with a promise; pure helpers (the chain hash of a stored
    // event, say) rightly read an event's recorded actor.
    if (!signature || checker.getReturnTypeOfSignature(signature).getSymbol()?.getName() !== "Promise") continue;
    for (const parameter of node.parameters) {
      const type = checker.getTypeAtLocation(parameter);
      const members = type.isUnion() ? type.types : [type];
      for (const property of members.flatMap((member) => checker.getPropertiesOfType(member))) {
        if (!OWN_FIELDS.has(property.getName())) continue;
        for (const declaration of property.getDeclarations() ?? []) {
          const declaredIn = relativeName(declaration.getSourceFile());
          if (declaredIn === CONTEXT_FILE) continue;
          if (PENDING_DECLARATIONS.includes(declaredIn)) {
            excused.add(declaredIn);
            continue;
          }
          const call = `${name}(${parameter.name.getText(sourceFile)})`;
          const field = property.getName();
          found.push(`${relativeName(sourceFile)}: ${call} takes its own \`${field}\` (declared in ${declaredIn})`);
        }
      }
    }
  }
  return [...new Set(found)];
}

describe("one context for who is acting", () => {
  it("spells the actor prefixes (staff:, author:, api:) only where the contexts are built", () => {
    const spellings = files
      .filter((file) => file !== CONTEXT_FILE)
      .flatMap((file) => actorSpellings(compiled().getSourceFile(path.join(ROOT, file))!));
    expect(spellings).toEqual([]);
  }, 120_000);

  it("gives no exported operation its own actor or user agent field: they arrive in an AuditContext", () => {
    const checker = compiled().getTypeChecker();
    const excused = new Set<string>();
    const source = (file: string) => compiled().getSourceFile(path.join(ROOT, file))!;
    const retyped = files.flatMap((file) => retypedContexts(checker, source(file), excused));
    expect(retyped).toEqual([]);
    const stale = PENDING_DECLARATIONS.filter((file) => !excused.has(file));
    expect(stale, "nothing left to excuse: remove from PENDING_DECLARATIONS").toEqual([]);
  }, 120_000);
});
