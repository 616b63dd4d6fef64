import { describe, expect, it } from "vitest";
import { splitTables, tableCells } from "./markdown-tables.ts";

describe("pipe tables in persona markdown", () => {
  it("picks the table out and leaves the rest as markdown", () => {
    const blocks = splitTables("# Ada\n\n| Field | Value |\n| --- | --- |\n| Age | 34 |\n| City | Lyon |\n\n## Backstory\n\nText.");
    expect(blocks).toEqual([
      { kind: "markdown", text: "# Ada\n" },
      { kind: "table", header: ["Field", "Value"], rows: [["Age", "34"], ["City", "Lyon"]] },
      { kind: "markdown", text: "\n## Backstory\n\nText." },
    ]);
  });

  it("keeps escaped pipes in a cell, and pads short rows", () => {
    expect(tableCells("| a \\| b | c |")).toEqual(["a | b", "c"]);
    expect(splitTables("| a | b |\n|---|---|\n| 1 |")[0]).toEqual({ kind: "table", header: ["a", "b"], rows: [["1", ""]] });
  });

  it("a line with a pipe but no delimiter row under it is text", () => {
    expect(splitTables("a | b\nplain")).toEqual([{ kind: "markdown", text: "a | b\nplain" }]);
  });
});
