import { returnedRows } from "./returned-rows";

describe("returnedRows", () => {
  it("unwraps UPDATE's [rows, count] and keeps INSERT's rows", () => {
    expect(returnedRows([[{ id: 1 }], 1])).toEqual([{ id: 1 }]);
    expect(returnedRows([[], 0])).toEqual([]);
    expect(returnedRows([{ id: 1 }, { id: 2 }])).toEqual([{ id: 1 }, { id: 2 }]);
    expect(returnedRows([])).toEqual([]);
  });
});
