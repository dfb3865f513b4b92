import { twoProportionZTest, wilsonInterval, zQuantile } from "./statistics";

/** Known results from the literature, never this routine's own output. */
describe("the experiment statistics", () => {
  it("take the normal quantile from the library: z(0.975) = 1.959963984540054", () => {
    expect(zQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
  });

  // Newcombe RG (1998), "Two-sided confidence intervals for the single proportion: comparison of seven
  // methods", Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])("the 95%% Wilson interval of %i of %i is [%f, %f] (Newcombe 1998, Table I)", (x, n, lower, upper) => {
    const interval = wilsonInterval(x, n)!;
    // The table gives 4 decimals: within half a unit of the last one.
    expect(Math.abs(interval.lower - lower)).toBeLessThan(0.00005);
    expect(Math.abs(interval.upper - upper)).toBeLessThan(0.00005);
  });

  it("puts the Wilson bounds where the score statistic equals z (the interval's definition, solved another way)", () => {
    const z = 1.959963984540054;
    for (const [x, n] of [
      [81, 263],
      [3, 10],
      [997, 1000],
    ]) {
      const { lower, upper } = wilsonInterval(x, n)!;
      const score = (pi: number) => Math.abs(x / n - pi) / Math.sqrt((pi * (1 - pi)) / n);
      expect(score(lower)).toBeCloseTo(z, 9);
      expect(score(upper)).toBeCloseTo(z, 9);
    }
  });

  it("bounds the Wilson interval by 0 and 1 at the extremes, and has none without trials", () => {
    expect(wilsonInterval(0, 20)!.lower).toBe(0);
    expect(wilsonInterval(20, 20)!.upper).toBe(1);
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  });

  // statsmodels' own test of proportions_ztest (statsmodels/stats/tests/test_proportion.py,
  // test_default_values, GH 2969): 5 of 83 against 12 of 99 gives z = -1.4078304151258787 and
  // p = 0.15918129181156992 (the docstring example prints 0.159). statsmodels takes the first sample
  // minus the second; here the treatment minus the control, so the sign turns.
  it("matches statsmodels' proportions_ztest: 5/83 vs 12/99 -> |z| = 1.4078304151258787, p = 0.15918129181156992", () => {
    const test = twoProportionZTest(5, 83, 12, 99)!;
    expect(test.z).toBeCloseTo(1.4078304151258787, 12);
    expect(test.pValue).toBeCloseTo(0.15918129181156992, 12);
    expect(twoProportionZTest(12, 99, 5, 83)!.z).toBeCloseTo(-1.4078304151258787, 12);
  });

  it("squares to Pearson's chi-squared of the 2x2 table (no continuity correction)", () => {
    const [x1, n1, x2, n2] = [48, 1000, 75, 1000];
    const table = [
      [x1, n1 - x1],
      [x2, n2 - x2],
    ];
    const rows = table.map((r) => r[0] + r[1]);
    const cols = [table[0][0] + table[1][0], table[0][1] + table[1][1]];
    const total = n1 + n2;
    let chi2 = 0;
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) {
        const expected = (rows[i] * cols[j]) / total;
        chi2 += (table[i][j] - expected) ** 2 / expected;
      }
    expect(twoProportionZTest(x1, n1, x2, n2)!.z ** 2).toBeCloseTo(chi2, 9);
  });

  it("gives p = 1 for arms that are both all failures or all successes, and no test without trials", () => {
    expect(twoProportionZTest(20, 20, 70, 70)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(0, 50, 0, 70)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(0, 0, 3, 10)).toBeNull();
    expect(twoProportionZTest(3, 10, 0, 0)).toBeNull();
  });
});
