import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "../paths";

/** A TypeScript source to check: its absolute path and text (a test may pass text that is on no disk). */
export interface Source {
  file: string;
  text: string;
}

/** Every .ts file under `dir`, tests and declarations left out: what ships. */
export function readSources(dir: string): Source[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".spec.ts") && !f.endsWith(".d.ts"))
    .filter((f) => !f.split(path.sep).some((part) => part === "node_modules" || part === "dist"))
    .sort()
    .map((f) => ({ file: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), "utf8") }));
}

const parsedSources = new WeakMap<Source, ts.SourceFile>();
/** Parsed once per Source; syntax only, no type checking (fast enough for every file on every run). */
export function parse(source: Source): ts.SourceFile {
  let sf = parsedSources.get(source);
  if (!sf) parsedSources.set(source, (sf = ts.createSourceFile(source.file, source.text, ts.ScriptTarget.Latest, true)));
  return sf;
}

/** `file:line` relative to the repository, for problem reports. */
export function where(node: ts.Node): string {
  const sf = node.getSourceFile();
  const rel = path.relative(REPO_ROOT, sf.fileName);
  return `${rel.startsWith("..") ? sf.fileName : rel}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
}

/** Every node of a file, depth first. */
export function* nodes(sf: ts.SourceFile): Generator<ts.Node> {
  const stack: ts.Node[] = [sf];
  while (stack.length) {
    const node = stack.pop()!;
    yield node;
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => void children.push(child));
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/** A string or template literal's text, with each `${…}` as `${}`. */
export function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => "${}" + s.literal.text).join("");
  return undefined;
}

/** The name a call is made by: `f(…)`, `a.b.f(…)`, `new F(…)`, or `super` for `super(…)`. */
export function calleeName(call: ts.CallExpression | ts.NewExpression | ts.Decorator): string | undefined {
  const callee = ts.isDecorator(call)
    ? ts.isCallExpression(call.expression)
      ? call.expression.expression
      : call.expression
    : call.expression;
  if (callee.kind === ts.SyntaxKind.SuperKeyword) return "super";
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** A property's, variable's or parameter's name, when it is a plain one. */
export function nameOf(node: ts.Node): string | undefined {
  const name = (node as { name?: ts.Node }).name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}
