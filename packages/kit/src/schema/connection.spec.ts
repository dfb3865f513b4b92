import { decodeCursor, encodeCursor } from "./connection";

describe("cursors", () => {
  it("round-trip a sort value and id", () => {
    expect(decodeCursor(encodeCursor([42, "lesson-1"]))).toEqual([42, "lesson-1"]);
  });
  it.each(["", "not-base64!", Buffer.from("{}").toString("base64url"), Buffer.from("[1,2,3]").toString("base64url"), Buffer.from('[{"a":1},"x"]').toString("base64url")])(
    "reject %p",
    (cursor) => expect(decodeCursor(cursor)).toBeNull(),
  );
});
