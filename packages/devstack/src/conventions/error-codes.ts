import ts from "typescript";
import { calleeName, literalText, nameOf, nodes, parse, where, type Source } from "./sources";

const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
/** Node's own error codes (system `E…`, `ERR_…`, llhttp's `HPE_…`), which the code reads from `err.code` but never sends. */
const NODE_CODE = /^(?:E[A-Z]+|EAI_[A-Z]+|ERR_[A-Z0-9_]+|HPE_[A-Z0-9_]+)$/;
/** Functions that make or send an error by code: AppError and its kind, sendGraphQLError, refusal(…), fail(…), reject(…). */
const ERROR_MAKER = /error|fail|refus|reject|deny/i;
/** Declarations that hold codes: `…CODES`, `CODE_BY_STATUS`, anything typed with ErrorCode. */
const holdsCodes = (decl: ts.Node): boolean =>
  /CODE/.test(nameOf(decl) ?? "") || /\bErrorCode\b/.test((decl as { type?: ts.TypeNode }).type?.getText() ?? "");

/** Up through what passes a value on unchanged: parentheses, `a ?? b`, `c ? a : b`, `x as T`, `String(x)`, literal types. */
function climb(node: ts.Node): ts.Node {
  let n = node;
  for (;;) {
    const p = n.parent;
    const passes =
      ts.isParenthesizedExpression(p) ||
      ts.isAsExpression(p) ||
      ts.isSatisfiesExpression(p) ||
      ts.isNonNullExpression(p) ||
      ts.isLiteralTypeNode(p) ||
      ts.isUnionTypeNode(p) ||
      (ts.isConditionalExpression(p) && n !== p.condition) ||
      (ts.isBinaryExpression(p) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(p.operatorToken.kind)) ||
      (ts.isCallExpression(p) && ts.isIdentifier(p.expression) && p.expression.text === "String");
    if (!passes) return n;
    n = p;
  }
}

const isCodeRead = (e: ts.Expression) =>
  (ts.isIdentifier(e) && e.text === "code") ||
  ((ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) && /\bcode\b/.test(e.getText()));

/** A `super(…)` in a class that extends an error class. */
const inErrorClass = (node: ts.Node) => {
  for (let n: ts.Node | undefined = node; n; n = n.parent)
    if (ts.isClassLike(n)) return (n.heritageClauses ?? []).some((h) => h.types.some((t) => /Error$/.test(t.expression.getText())));
  return false;
};

/** Whether an UPPER_SNAKE literal is in a place that gives or compares an error code. */
function isCodePosition(literal: ts.Node): boolean {
  const n = climb(literal);
  const p = n.parent;
  // { code: "X" }, readonly code = "X", code: "X" | "Y", (code = "X") =>
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isParameter(p)) && nameOf(p) === "code")
    return true;
  // const X: ErrorCode = "X"
  if (ts.isVariableDeclaration(p) && p.initializer === n) return holdsCodes(p);
  // x.code === "X", switch (code) { case "X": }
  if (
    ts.isBinaryExpression(p) &&
    [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(p.operatorToken.kind)
  )
    return isCodeRead(p.left === n ? p.right : p.left);
  if (ts.isCaseClause(p)) return isCodeRead(p.parent.parent.expression);
  // new AppError("X"), super("X") in an error class, sendGraphQLError(res, 400, "X"), refusal("X"), fail(400, "X")
  if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.arguments?.includes(n as ts.Expression)) {
    const name = calleeName(p);
    return name === "super" ? inErrorClass(p) : ERROR_MAKER.test(name ?? "");
  }
  // [431, "X", "message"]: a status and its code
  if (ts.isArrayLiteralExpression(p)) {
    const first = p.elements[0];
    if (p.elements[1] === n && first && ts.isNumericLiteral(first) && Number(first.text) >= 100 && Number(first.text) < 600) return true;
    return holder(p);
  }
  // { REUSED: "X" } or { 405: "X" } held by a declaration of codes
  if (ts.isPropertyAssignment(p) && p.initializer === n) return holder(p.parent);
  return false;
}

/** Whether a literal array or object is (through `new Set(…)`, `as`, `satisfies`) the value of a declaration of codes. */
function holder(container: ts.Node): boolean {
  let n = container;
  while (
    ts.isAsExpression(n.parent) ||
    ts.isSatisfiesExpression(n.parent) ||
    (ts.isNewExpression(n.parent) && calleeName(n.parent) === "Set")
  )
    n = n.parent;
  return ts.isVariableDeclaration(n.parent) && n.parent.initializer === n && holdsCodes(n.parent);
}

export interface CodeUse {
  code: string;
  where: string;
}

/** Every error code the sources give, send or compare, by the shapes above. */
export function errorCodeUses(sources: Source[]): CodeUse[] {
  const uses: CodeUse[] = [];
  for (const source of sources)
    for (const node of nodes(parse(source))) {
      if (!ts.isStringLiteral(node) && !ts.isNoSubstitutionTemplateLiteral(node)) continue;
      const code = literalText(node)!;
      if (UPPER_SNAKE.test(code) && !NODE_CODE.test(code) && isCodePosition(node)) uses.push({ code, where: where(node) });
    }
  return uses;
}

/** Codes used but missing from the registry, and registry codes used nowhere. */
export function errorCodeProblems(uses: CodeUse[], registry: Readonly<Record<string, unknown>>): string[] {
  const used = new Set(uses.map((u) => u.code));
  return [
    ...uses
      .filter((u) => !Object.hasOwn(registry, u.code))
      .map((u) => `${u.where}: ${u.code} is not in the registry (packages/kit/src/errors/codes.ts)`),
    ...Object.keys(registry)
      .filter((c) => !used.has(c))
      .map((c) => `${c} is in the registry but no code uses it`),
  ];
}
