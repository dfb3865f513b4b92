import fs from "node:fs";
import path from "node:path";
import { listedSubgraphs, SCHEMA_DIR } from "@learnloop/devstack";
import { buildSchema } from "graphql";
import { listsNotConnections, staleAllowances, type ListAllowances } from "../../packages/devstack/src/conventions";
import { conventionTitle } from "./support";

/**
 * The plain lists of objects, each with why it needs no pages. Every one is bounded by design and
 * read whole; a list that can grow with a user's data or the catalogue is a connection.
 */
const ALLOWED: ListAllowances = {
  "Course.units": "a course's outline: at most a handful of units (the curriculum makes 2 to 5), shown together",
  "Unit.lessons": "a unit is at most 5 lessons (the curriculum chunks them so)",
  "Lesson.characters": "a lesson teaches at most 8 characters",
  "Character.examples": "at most 5 example words (its first argument is capped)",
  "Lesson.vocabulary": "a lesson teaches at most 10 words",
  "ReviewItem.schedulePreview": "one outcome per rating: always the 4 of ReviewRating, in its order",
  "NotificationPreferences.settings": "one per channel × category, a fixed set (2 channels × 8 categories)",
  "LearningInsights.studyMinutesByWeekday": "one per weekday: always the 7 of Weekday, Monday first",
  "LearningInsights.accuracyByJlptLevel": "one per JLPT level: always 5 to 1, then null (no level)",
  "LearningInsights.accuracyByKind": "one per ItemKind: always the 3, KANA first",
  "LearningInsights.studyMinutesByHour": "one per hour of the day: always 24, hour 0 first",
  "LearningInsights.dueNext14Days": "one per day: always the next 14, today first",
  "LearningInsights.weakestItems": "a top ten: at most 10 items, the weakest first",
  "StrugglingLearner.reasons": "one per triage rule that fired: at most the 4 rules of analytics' configuration",
  "ExperimentResults.variants": "the experiment's configured variants, 2 to 10 (the config's schema caps them), the control first",
  "Query.plans": "the plans declared in billing's configuration: Free, Plus and Pro",
  "Query.activeUsersReport": "one row per UTC day of a range of at most 400 days; a report is read whole",
  "Query.retentionCohortReport": "one cohort per ISO week of a range of at most 400 days (59 at most); a report is read whole",
  "Query.funnelReport": "one per step: always the 4 of FunnelStepName, in order",
  "Query.lessonCompletionReport": "one per lesson completed in the range: at most the catalogue's lessons; a report is read whole",
  "Query.notificationEngagementReport": "one per notification category: at most the 7 of the category enum",
  "Query.reviewQueue":
    "a queue, not a collection: `limit` is capped at 100, and each review reschedules the item, so a cursor into it would not hold",
};

const api = () => buildSchema(fs.readFileSync(path.join(SCHEMA_DIR, "api.graphql"), "utf8"));

describe(conventionTitle(__filename), () => {
  it.each(listedSubgraphs().map((s) => [s.name, s.subgraph]))(
    "%s: every list of objects it serves is a connection",
    async (_name, subgraph) => {
      expect(listsNotConnections(await subgraph.schema(), ALLOWED)).toEqual([]);
    },
  );

  it("schema/api.graphql: every list of objects is a connection, and every allowance is still needed", () => {
    expect(listsNotConnections(api(), ALLOWED)).toEqual([]);
    expect(staleAllowances(api(), ALLOWED)).toEqual([]);
  });

  it("the check sees a plain list, a connection without its shape, and a stale allowance", () => {
    const schema = buildSchema(`
      type Query { things: [Thing!]!, names: [String!]!, bounded: [Thing], page: ThingConnection!, bad: BadConnection }
      type Thing { id: ID!, parts: [Part!] }
      type Part { id: ID! }
      type ThingConnection { edges: [ThingEdge!]!, pageInfo: PageInfo! }
      type ThingEdge { cursor: String!, node: Thing! }
      type BadConnection { items: [Thing!]! }
      type PageInfo { hasNextPage: Boolean! }
    `);
    const allowed = { "Query.bounded": "a test", "Query.gone": "a test" };
    expect(listsNotConnections(schema, allowed)).toEqual([
      expect.stringMatching(/^Query\.things: \[Thing!\]! is a plain list/),
      expect.stringMatching(/^Thing\.parts: \[Part!\] is a plain list/),
      expect.stringMatching(/^BadConnection\.items: \[Thing!\]! is a plain list/),
      "BadConnection has no pageInfo: PageInfo",
      "BadConnection has no edges list of objects",
    ]);
    expect(staleAllowances(schema, allowed)).toEqual(["Query.gone is allowed as a plain list, but the schema has no such list field"]);
  });
});
