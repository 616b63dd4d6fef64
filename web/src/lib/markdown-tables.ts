/**
 * Pipe tables (GitHub-flavoured markdown, as persona sheets use for their fields) picked out of a
 * markdown text, because react-markdown alone reads only CommonMark, where they are paragraphs of
 * pipes. The rest of the text is left to react-markdown. (`remark-gfm` would do this; it is not a
 * dependency of ours yet.)
 */

export type MarkdownBlock = { kind: "markdown"; text: string } | { kind: "table"; header: string[]; rows: string[][] };

const DELIMITER_ROW = /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;

/** The cells of one table row: split on pipes that are not escaped, outer pipes dropped, `\|` unescaped. */
export function tableCells(line: string): string[] {
  let text = line.trim();
  if (text.startsWith("|")) text = text.slice(1);
  if (text.endsWith("|") && !text.endsWith("\\|")) text = text.slice(0, -1);
  const cells: string[] = [];
  let current = "";
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (character === "\\" && text[index + 1] === "|") {
      current += "|";
      index++;
    } else if (character === "|") {
      cells.push(current.trim());
      current = "";
    } else current += character;
  }
  cells.push(current.trim());
  return cells;
}

function isRow(line: string | undefined): boolean {
  return line !== undefined && line.trim().includes("|") && line.trim() !== "";
}

export function splitTables(markdown: string): MarkdownBlock[] {
  const lines = markdown.split("\n");
  const blocks: MarkdownBlock[] = [];
  let pending: string[] = [];
  const flush = () => {
    if (pending.length > 0) blocks.push({ kind: "markdown", text: pending.join("\n") });
    pending = [];
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const next = lines[index + 1];
    // A table: a row, then a delimiter row with as many cells, then rows until a line without a pipe.
    if (isRow(line) && next !== undefined && DELIMITER_ROW.test(next) && tableCells(next).length === tableCells(line).length) {
      flush();
      const header = tableCells(line);
      const rows: string[][] = [];
      index += 2;
      while (index < lines.length && isRow(lines[index])) {
        const cells = tableCells(lines[index]!);
        rows.push(header.map((_, column) => cells[column] ?? ""));
        index++;
      }
      index--;
      blocks.push({ kind: "table", header, rows });
      continue;
    }
    pending.push(line);
  }
  flush();
  return blocks;
}
