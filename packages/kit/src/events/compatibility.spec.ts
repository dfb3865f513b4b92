import type { EventContract } from "./contract";
import { breakingChanges } from "./compatibility";

const released: EventContract = {
  "x-event": { name: "lesson.completed", version: 1, topic: "learnloop.progress.v1", partitionKey: "userId" },
  type: "object",
  description: "A learner completed a lesson.",
  required: ["userId", "score", "grade"],
  properties: {
    userId: { type: "string", minLength: 1 },
    score: { type: "number", minimum: 0, maximum: 1 },
    grade: { type: "string", enum: ["A", "B"] },
    note: { type: "string" },
  },
};
const change = (edit: (c: any) => void): EventContract => {
  const copy = structuredClone(released);
  edit(copy);
  return copy;
};

describe("breaking changes to an event contract", () => {
  it("allows new wording and a new optional field", () => {
    expect(
      breakingChanges(
        released,
        change((c) => {
          c.description = "Reworded.";
          c.properties.score.description = "0 to 1";
          c.properties.streak = { type: "integer" };
        }),
      ),
    ).toEqual([]);
  });

  it.each([
    ["a removed field", (c: any) => delete c.properties.note, [".note: removed"]],
    ["a newly required field", (c: any) => c.required.push("note"), [".note: newly required"]],
    ["a field no longer required", (c: any) => (c.required = ["userId", "score"]), [".grade: no longer required"]],
    ["a changed type", (c: any) => (c.properties.score.type = "string"), [".score: type or constraints changed"]],
    ["a nullable field", (c: any) => (c.properties.userId.type = ["string", "null"]), [".userId: type or constraints changed"]],
    ["a narrowed range", (c: any) => (c.properties.score.maximum = 0.5), [".score: type or constraints changed"]],
    ["a new enum value", (c: any) => c.properties.grade.enum.push("C"), [".grade: type or constraints changed"]],
    ["another topic", (c: any) => (c["x-event"].topic = "learnloop.lessons.v1"), [expect.stringMatching(/^routing changed/)]],
    ["closed to extra fields", (c: any) => (c.additionalProperties = false), ["(payload): constraints changed"]],
  ])("refuses %s", (_name, edit, expected) => {
    expect(breakingChanges(released, change(edit as (c: any) => void))).toEqual(expected);
  });
});
