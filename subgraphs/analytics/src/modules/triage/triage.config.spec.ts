import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_TRIAGE_RULES_PATH, loadTriageConfig, parseTriageConfig, TriageConfigError } from "./triage.config";

const valid = () => JSON.parse(fs.readFileSync(DEFAULT_TRIAGE_RULES_PATH, "utf8"));
const write = (text: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "triage-")), "rules.json");
  fs.writeFileSync(file, text);
  return file;
};

describe("the triage configuration", () => {
  it("reads the default file and a file named by path", () => {
    expect(loadTriageConfig().cooldownDays).toBe(7);
    const custom = { ...valid(), cooldownDays: 3 };
    expect(loadTriageConfig(write(JSON.stringify(custom))).cooldownDays).toBe(3);
  });

  it("names every problem with its place in the file", () => {
    const bad = valid();
    bad.rules[0].threshold = -1;
    bad.rules[1].weight = "heavy";
    bad.rules[3].suggestion = "TRY_HARDER";
    let message = "";
    try {
      parseTriageConfig(bad, "rules.json");
    } catch (err) {
      expect(err).toBeInstanceOf(TriageConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/^rules\.json is not a valid triage configuration:/);
    for (const place of ["rules.0.threshold", "rules.1.weight", "rules.3.suggestion"]) expect(message).toContain(place);
  });

  it("refuses a rule twice and a streak 'reset' no shorter than the streak", () => {
    const bad = valid();
    bad.rules[2].resetAtMost = bad.rules[2].threshold;
    bad.rules.push({ ...bad.rules[0], threshold: 2 });
    expect(() => parseTriageConfig(bad)).toThrow(
      /rules\.2\.resetAtMost: must be below threshold[\s\S]*rules\.4\.id: rule lapses-rising appears twice/,
    );
  });

  it("refuses an unknown rule or setting, a missing file and a file that is not JSON", () => {
    expect(() => parseTriageConfig({ ...valid(), rules: [{ ...valid().rules[0], id: "mood" }] })).toThrow(/rules\.0\.id/);
    expect(() => parseTriageConfig({ ...valid(), rules: [{ ...valid().rules[0], extra: 1 }] })).toThrow(/extra/);
    expect(() => parseTriageConfig({ rules: [] })).toThrow(/cooldownDays[\s\S]*rules/);
    expect(() => loadTriageConfig("/nonexistent/rules.json")).toThrow(/triage rules \/nonexistent\/rules\.json cannot be read/);
    expect(() => loadTriageConfig(write("{ nope"))).toThrow(/is not JSON/);
  });
});
