/**
 * Documents built to make a GraphQL server work far harder than their size: each is small enough
 * to pass the body and token limits, and each targets a step whose cost could grow faster than
 * the document (limits, validation, planning, execution, error formatting).
 */
export interface AdversarialDocument {
  name: string;
  query: string;
  /** The variables as JSON text: some are too deep for JSON.stringify itself. */
  variablesJson?: string;
}

/** The request body, with the variables spliced in as text. */
export const requestBody = (doc: AdversarialDocument) =>
  `{"query":${JSON.stringify(doc.query)}${doc.variablesJson ? `,"variables":${doc.variablesJson}` : ""}}`;

const times = (n: number, f: (i: number) => string, sep = " ") => Array.from({ length: n }, (_, i) => f(i)).join(sep);

/** Each fragment spreads the one before twice: `levels` levels describe 2^levels selections. */
export function fragmentBomb(
  levels: number,
  root = "courses(first: 1) { edges { node { ...F$ } } }",
  on = "Course",
  leaf = "title",
): string {
  let text = `query Bomb { ${root.replace("F$", `F${levels}`)} }\nfragment F0 on ${on} { ${leaf} }\n`;
  for (let i = 1; i <= levels; i++) text += `fragment F${i} on ${on} { ...F${i - 1} ...F${i - 1} }\n`;
  return text;
}

export const ADVERSARIAL_DOCUMENTS: AdversarialDocument[] = [
  { name: "fragment bomb, 40 levels (1.3 KB)", query: fragmentBomb(40) },
  { name: "fragment bomb under the cost limit", query: fragmentBomb(11) },
  { name: "fragment bomb in introspection", query: fragmentBomb(40, `__type(name: "Query") { ...F$ }`, "__Type", "name") },
  {
    name: "fragment bomb with aliases",
    query: fragmentBomb(40, "courses(first: 1) { edges { node { ...F$ } } }", "Course", "a: title b: title"),
  },
  { name: "one field repeated to the token limit", query: `{ courses(first: 1) { edges { node { ${times(2400, () => "title")} } } } }` },
  { name: "conflicting aliases", query: `{ ${times(350, (i) => `a: lesson(id: "${i}") { title }`)} }` },
  { name: "nested to the token limit", query: `{ ${"courses { edges { node { ".repeat(300)}title${" } } }".repeat(300)} }` },
  {
    name: "nested lists under the depth limit",
    query: `{ courses(first: 100) { edges { node { units { lessons { characters { literal } } } } } } }`,
  },
  {
    name: "five hundred fragments",
    query: `{ courses(first: 1) { edges { node { ${times(550, (i) => `...F${i}`)} } } } } ${times(550, (i) => `fragment F${i} on Course { title }`)}`,
  },
  {
    name: "thirty schema walks",
    query: `{ ${times(30, (i) => `s${i}: __schema { types { fields { type { fields { name args { name } } } } } }`)} }`,
  },
  { name: "repeated directives", query: `{ __typename ${times(650, () => "@skip(if: false)")} }` },
  { name: "unused variables", query: `query(${times(1200, (i) => `$v${i}: Int`)}) { __typename }` },
  { name: "a deep list literal", query: `{ lesson(id: ${"[".repeat(2000)}"x"${"]".repeat(2000)}) { title } }` },
  {
    name: "wide federated query at the alias limit",
    query: `{ ${times(30, (i) => `l${i}: lessons(first: 10) { edges { node { title completedByMe characters { literal } } } }`)} }`,
  },
  {
    name: "a deep variable value",
    query: `mutation($ids: [ID!]) { completeLesson(input: { lessonId: "hiragana-01", learnedCharacterIds: $ids }) { xpAwarded } }`,
    variablesJson: `{"ids":${"[".repeat(20_000)}"c-1"${"]".repeat(20_000)}}`,
  },
  { name: "two operations, no name", query: `query A { __typename } query B { __typename }` },
];
