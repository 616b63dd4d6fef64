/**
 * Persona markdown rendered as a page. react-markdown builds React elements, never HTML strings:
 * raw HTML in a persona shows as text, and unsafe link targets are dropped. Pipe tables are drawn
 * as tables (see markdown-tables.ts).
 */
import ReactMarkdown from "react-markdown";
import { splitTables } from "../lib/markdown-tables.ts";

/** Inline markdown of a table cell, without the paragraph react-markdown would wrap it in. */
function Cell({ text }: { text: string }) {
  return (
    <ReactMarkdown disallowedElements={["p"]} unwrapDisallowed>
      {text}
    </ReactMarkdown>
  );
}

export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      {splitTables(text).map((block, index) =>
        block.kind === "markdown" ? (
          <ReactMarkdown key={index}>{block.text}</ReactMarkdown>
        ) : (
          <table key={index}>
            <thead>
              <tr>
                {block.header.map((cell, column) => (
                  <th key={column} scope="col">
                    <Cell text={cell} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, rowIndex) => (
                <tr key={rowIndex}>
                  {row.map((cell, column) => (
                    <td key={column}>
                      <Cell text={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ),
      )}
    </div>
  );
}
