import { assignVariant, bucketOf, variantAt } from "./assignment";

const halves = [
  { name: "control", weight: 1 },
  { name: "benefits", weight: 1 },
];
const ids = (n: number) => Array.from({ length: n }, (_, i) => `user_${i.toString(36)}`);

describe("experiment assignment", () => {
  it("is deterministic: the same user and experiment give the same bucket and variant every time", () => {
    for (const id of ids(200)) {
      expect(bucketOf("plans-page-headline", id)).toBe(bucketOf("plans-page-headline", id));
      expect(assignVariant("plans-page-headline", halves, id)).toBe(assignVariant("plans-page-headline", halves, id));
    }
  });

  it("fixes a bucket by sha256 of '<key>:<userId>' (its first 52 bits), so no process or release moves a user", () => {
    // `printf %s plans-page-headline:user_a | sha256sum` starts 7e63cc378ecc2: those 52 bits over 2^52.
    expect(bucketOf("plans-page-headline", "user_a")).toBe(0x7e63cc378ecc2 / 2 ** 52);
  });

  it("buckets in [0, 1) evenly: each tenth holds 10% of 20,000 ids within 1 point", () => {
    const counts = new Array<number>(10).fill(0);
    for (const id of ids(20_000)) {
      const b = bucketOf("some-experiment", id);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(1);
      counts[Math.floor(b * 10)]++;
    }
    for (const c of counts) expect(Math.abs(c / 20_000 - 0.1)).toBeLessThan(0.01);
  });

  it("splits by the weights: 1:1 near half, 1:3 near a quarter (20,000 ids, within 1.5 points)", () => {
    const share = (variants: { name: string; weight: number }[], name: string) =>
      ids(20_000).filter((id) => assignVariant("plans-page-headline", variants, id) === name).length / 20_000;
    expect(Math.abs(share(halves, "control") - 0.5)).toBeLessThan(0.015);
    const quarter = [
      { name: "control", weight: 1 },
      { name: "benefits", weight: 3 },
    ];
    expect(Math.abs(share(quarter, "control") - 0.25)).toBeLessThan(0.015);
  });

  it("salts by the experiment: a user's variants in two experiments are independent", () => {
    const both = ids(20_000).filter(
      (id) => assignVariant("experiment-a", halves, id) === "control" && assignVariant("experiment-b", halves, id) === "control",
    ).length;
    expect(Math.abs(both / 20_000 - 0.25)).toBeLessThan(0.015);
  });

  it("maps buckets to variants by cumulative weight, edges included", () => {
    const three = [
      { name: "control", weight: 2 },
      { name: "b", weight: 1 },
      { name: "c", weight: 1 },
    ];
    expect(variantAt(three, 0)).toBe("control");
    expect(variantAt(three, 0.4999)).toBe("control");
    expect(variantAt(three, 0.5)).toBe("b");
    expect(variantAt(three, 0.75)).toBe("c");
    expect(variantAt(three, 1 - 2 ** -52)).toBe("c");
  });
});
