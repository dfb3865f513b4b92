import { buildSchema } from "graphql";
import { fieldCall, readCoordinates } from "./cells";

const schema = buildSchema(
  `type Query { me: User user(id: ID!): User } type User { id: ID! email: String avatar: String friends: [User!] }`,
);

describe("matrix cells", () => {
  it("counts a value or an unexplained null as read, and a refused or nulled field as not", () => {
    const document = `{ me { id email avatar friends { id } } }`;
    const data = { me: { id: "u1", email: null, avatar: null, friends: [{ id: "u2" }] } };
    const read = readCoordinates(schema, document, data, [{ path: ["me", "email"] }]);
    expect([...read].sort()).toEqual(["Query.me", "User.avatar", "User.friends", "User.id"]);
    // A refusal beneath a non-null field nulls its parent: neither is read.
    expect([...readCoordinates(schema, `{ me { id } }`, { me: null }, [{ path: ["me", "id"] }])]).toEqual([]);
  });

  it("fills required arguments from the given values, and refuses one it has no value for", () => {
    expect(fieldCall(schema.getQueryType()!, "user", { "Query.user(id:)": `"u1"` })).toBe(`user(id: "u1") { __typename }`);
    expect(() => fieldCall(schema.getQueryType()!, "user", {})).toThrow(/Query.user\(id:\)/);
  });
});
