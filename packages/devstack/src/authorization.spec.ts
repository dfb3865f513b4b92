import { declarationGaps, entityTypes, matrixFields, parseAuthorization } from "./authorization";

const sdl = `type Query { me: User } type User @key(fields: "id") { id: ID! email: String } type Note { text: String }`;

describe("the authorization declaration", () => {
  it("finds entity types by @key, and lists root fields and entity fields only", () => {
    expect(entityTypes([sdl, `extend type Lesson @key(fields: "id") { id: ID! }`])).toEqual(["Lesson", "User"]);
    expect(matrixFields(`directive @key(fields: String) on OBJECT\n${sdl}`, [sdl])).toEqual(["Query.me", "User.id", "User.email"]);
  });

  it("reads a list as both visibilities, and refuses an unknown principal or key", () => {
    const declared = parseAuthorization(`Query.me: [owner]\nUser.id:\n  PRIVATE: [owner]\n  PUBLIC: [owner, anonymous]\n`);
    expect([...declared["Query.me"].PUBLIC]).toEqual(["owner"]);
    expect([...declared["User.id"].PUBLIC]).toEqual(["owner", "anonymous"]);
    expect(() => parseAuthorization(`Query.me: [root]`)).toThrow();
    expect(() => parseAuthorization(`Query.me: { PRIVATE: [owner], LATER: [] }`)).toThrow();
  });

  it("reports a field without a declaration and a declaration without a field", () => {
    const declared = parseAuthorization(`Query.me: [owner]\nQuery.gone: [owner]\n`);
    expect(declarationGaps(["Query.me", "User.id"], declared)).toEqual({ missing: ["User.id"], stale: ["Query.gone"] });
  });
});
