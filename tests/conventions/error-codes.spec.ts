import { ERROR_CODES, ERROR_CODE_PATTERN } from "@learnloop/kit/internal";
import { errorCodeProblems, errorCodeUses } from "../../packages/devstack/src/conventions";
import { conventionTitle, serviceSources, tempSources } from "./support";

describe(conventionTitle(__filename), () => {
  it("every code the gateway, the kit and the subgraphs use is in the registry, and every registry code is used", () => {
    expect(errorCodeProblems(errorCodeUses(serviceSources()), ERROR_CODES)).toEqual([]);
  });

  it("the registry's codes are UPPER_SNAKE, each with a meaning and a status that is an HTTP error", () => {
    for (const [code, entry] of Object.entries(ERROR_CODES) as [string, { status?: number; meaning: string }][]) {
      expect(code).toMatch(ERROR_CODE_PATTERN);
      expect(entry.meaning.length).toBeGreaterThan(10);
      if (entry.status !== undefined) expect(entry.status >= 400 && entry.status < 600).toBe(true);
    }
  });

  describe("the check sees a bad input", () => {
    const bad = tempSources({
      "a.ts": `
        class Refused extends AppError { constructor() { super("MADE_UP_ONE", "no"); } }
        throw new AppError("MADE_UP_TWO", "no");
        sendGraphQLError(res, 400, "MADE_UP_THREE", "no", req.requestId);
        throw new GraphQLError("no", { extensions: { code: cond ? "MADE_UP_FOUR" : "NOT_FOUND" } });
        const refusalOf = () => [431, "MADE_UP_FIVE", "no"];
        if (err.extensions?.code === "MADE_UP_SIX") return;
        export const SOME_CODES = { A: "MADE_UP_SEVEN" } as const;
        fail(String(e.extensions?.code ?? "MADE_UP_EIGHT"), "no");
        type Result = { ok: false; code: "MADE_UP_NINE" | "NOT_FOUND" };
        // Not error codes: Node's, signals, SQL, enum values and kinds.
        if (err.code === "ECONNRESET" || err.code === "HPE_HEADER_OVERFLOW" || err.code === "EAI_AGAIN") return;
        process.on("SIGTERM", stop);
        await client.query("BEGIN");
        enum Kind { LESSON_COMPLETED = "LESSON_COMPLETED" }
        afterActivity(userId, xp, { kind: "REVIEW_RECORDED" });
      `,
    });
    afterAll(() => bad.remove());

    it("codes in every shape that are not in the registry, and none of the other UPPER_SNAKE strings", () => {
      const uses = errorCodeUses(bad.sources);
      expect(uses.map((u) => u.code).sort()).toEqual(
        ["ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"]
          .map((n) => `MADE_UP_${n}`)
          .concat(["NOT_FOUND", "NOT_FOUND"])
          .sort(),
      );
      const problems = errorCodeProblems(uses, { NOT_FOUND: {}, NEVER_USED: {} });
      expect(problems).toHaveLength(10);
      expect(problems).toContain("NEVER_USED is in the registry but no code uses it");
      expect(problems.join("\n")).toMatch(/a\.ts:3: MADE_UP_TWO is not in the registry/);
    });
  });
});
