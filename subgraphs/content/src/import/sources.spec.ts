import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isSvgPath, readStrokes, STROKE_SEPARATOR } from "./sources";

describe("the KanjiVG stroke subset", () => {
  it("holds SVG path strings only", () => {
    expect(isSvgPath("M31.5,24.5c1.12,1.12,1.74,2.75,1.74,4.75c0,1.6-0.16,38.11-0.09,53.5")).toBe(true);
    expect(isSvgPath("m 10 10 L 20 20 z")).toBe(true);
    expect(isSvgPath("M1e-3,2E+1h3v4")).toBe(true);
    for (const bad of ["", "L10,10", 'M10,10" onload="alert(1)', "M10,10<script>", "M1,1\tM2,2", `M1,1${STROKE_SEPARATOR}M2,2`, "M1,1;"])
      expect(isSvgPath(bad)).toBe(false);
  });

  it("reads the committed file: 日 has 4 strokes in order, あ 3", () => {
    const strokes = readStrokes();
    expect(strokes.get("日")).toHaveLength(4);
    expect(strokes.get("日")![0]).toMatch(/^M31\.5,24\.5c/);
    expect(strokes.get("あ")).toHaveLength(3);
  });

  it("refuses a file with a path that is not an SVG path", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "strokes-")), "strokes.tsv");
    fs.writeFileSync(file, `literal\tstrokes\n日\tM1,1|M2,2" fill="red\n`);
    expect(() => readStrokes(file)).toThrow(/strokes\.tsv line 2/);
  });
});
