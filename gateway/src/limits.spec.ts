import { buildSchema, getIntrospectionQuery, getOperationAST, Kind, parse, type OperationDefinitionNode } from "graphql";
import { checkLimits, measure } from "./limits";

const schema = buildSchema(`
  type Query { courses(first: Int): CourseConnection! tags: [String!]! course: Course }
  type CourseConnection { edges: [CourseEdge!]! }
  type CourseEdge { node: Course! }
  type Course { title: String! lessons(first: Int): [Lesson!]! }
  type Lesson { title: String! }
`);
const m = (query: string, variables = {}) => {
  const doc = parse(query);
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d: any) => [d.name.value, d]),
  );
  return measure(schema, op.selectionSet, schema.getQueryType()!, fragments, variables);
};

describe("query measure", () => {
  it("gives a connection's page size to its edges once", () => {
    expect(m(`{ courses(first: 10) { edges { node { title } } } }`).cost).toBe(1 + (1 + 10 * (1 + 1)));
  });
  it("reads page sizes from variables and defaults plain lists to 20", () => {
    expect(m(`query($n: Int) { course { lessons(first: $n) { title } } }`, { n: 5 }).cost).toBe(1 + (1 + 5));
    expect(m(`{ course { lessons { title } } }`).cost).toBe(1 + (1 + 20));
  });
  it("counts depth and aliases through fragments", () => {
    const r = m(`{ a: course { ...F } b: course { title } } fragment F on Course { t: title lessons { title } }`);
    expect(r.aliases).toBe(3);
    expect(r.depth).toBe(3);
  });
});

describe("declared variable defaults", () => {
  it("count a page size left to its default as that default", () => {
    const schema = buildSchema(`type Query { items(first: Int): [Item!]! } type Item { id: ID! name: String! }`);
    const cost = (text: string, variables: Record<string, unknown> = {}) => {
      const document = parse(text);
      try {
        checkLimits(schema, document, getOperationAST(document)!, variables, { maxDepth: 10, maxAliases: 10, maxCost: 50 });
        return "ok";
      } catch (err) {
        return (err as { extensions: { code: string } }).extensions.code;
      }
    };
    expect(cost(`query($n: Int = 10) { items(first: $n) { id name } }`)).toBe("ok");
    expect(cost(`query($n: Int = 40) { items(first: $n) { id name } }`)).toBe("QUERY_TOO_COMPLEX");
    expect(cost(`query($n: Int = 40) { items(first: $n) { id name } }`, { n: 5 })).toBe("ok");
  });
});

describe("fragments that spread each other", () => {
  // Each fragment spreads the one before twice: 40 levels describe 2^40 titles in about 1 KB.
  const bomb = (levels: number) => {
    let text = `{ course { ...F${levels} } } fragment F0 on Course { title }`;
    for (let i = 1; i <= levels; i++) text += ` fragment F${i} on Course { ...F${i - 1} ...F${i - 1} }`;
    return text;
  };

  it("are measured once each, so the whole expansion is counted exactly", () => {
    expect(m(bomb(40)).cost).toBe(1 + 2 ** 40);
    expect(m(bomb(40)).depth).toBe(2);
  });

  it("count aliases of __typename too", () => {
    const aliased = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(" ")} }`;
    const document = parse(aliased);
    expect(() => checkLimits(schema, document, getOperationAST(document)!, {}, { maxDepth: 12, maxAliases: 30, maxCost: 5000 })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: "TOO_MANY_ALIASES" }) }),
    );
  });

  it("are refused at the first limit passed", () => {
    const document = parse(bomb(40));
    expect(() => checkLimits(schema, document, getOperationAST(document)!, {}, { maxDepth: 12, maxAliases: 30, maxCost: 5000 })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: "QUERY_TOO_COMPLEX" }) }),
    );
  });

  it("keep the page size they are spread under", () => {
    const r = m(`{ courses(first: 3) { ...E } } fragment E on CourseConnection { edges { node { title } } }`);
    expect(r.cost).toBe(1 + (1 + 3 * (1 + 1)));
    const r2 = m(
      `{ courses(first: 3) { ...E } x: courses(first: 5) { ...E } } fragment E on CourseConnection { edges { node { title } } }`,
    );
    expect(r2.cost).toBe(1 + (1 + 3 * 2) + 1 + (1 + 5 * 2));
  });
});

describe("introspection", () => {
  const limits = { maxDepth: 12, maxAliases: 30, maxCost: 5000 };
  const code = (text: string) => {
    const document = parse(text);
    try {
      checkLimits(schema, document, getOperationAST(document)!, {}, limits);
      return "ok";
    } catch (err) {
      return (err as { extensions: { code: string } }).extensions.code;
    }
  };
  it("lets a whole introspection query through, as Sandbox sends it", () => {
    expect(code(getIntrospectionQuery())).toBe("ok");
  });
  it("charges every walk of the schema, so aliases cannot multiply it", () => {
    const walks = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __schema { types { name } }`).join(" ")} }`;
    expect(code(walks(4))).toBe("ok");
    expect(code(walks(6))).toBe("QUERY_TOO_COMPLEX");
  });
});
