import { describe, expect, it } from "vitest";
import { decodeCharacterReferences, htmlToText } from "./html-text.ts";

describe("htmlToText", () => {
  it("keeps the prose, one line per block, and drops scripts, styles, comments and navigation", () => {
    const html = `<!doctype html><html><head><title>t</title><style>p{color:red}</style></head><body>
      <nav><a href="/">Home</a> | <a href="/about">About</a></nav>
      <h1>Dairy in New Zealand</h1><!-- hidden <p>comment</p> -->
      <p>Waikato holds <b>35%</b> of herds.<br>Canterbury is second.</p>
      <script>var s = "</p><p>not text</p>";</script>
      <table><tr><td>Region</td><td>Share</td></tr></table>
      <footer>© 2024</footer></body></html>`;
    expect(htmlToText(html)).toBe("Dairy in New Zealand\nWaikato holds 35% of herds.\nCanterbury is second.\nRegion Share");
  });

  it("decodes character references after removing tags, so escaped markup stays text", () => {
    expect(htmlToText("<p>R&amp;D &lt;script&gt; caf&eacute; &#233;t&#xE9; 5&nbsp;km&hellip;</p>")).toBe("R&D <script> café été 5 km…");
  });

  it("joins inline elements without adding space", () => {
    expect(htmlToText("<p><strong>4</strong>,900 farms in <a href='/w'>Waikato</a>.</p>")).toBe("4,900 farms in Waikato.");
  });

  it("keeps a lone '<' and quoted '>' inside attributes", () => {
    expect(htmlToText('<p title="a > b">income < 20,000 for 3 < 4</p>')).toBe("income < 20,000 for 3 < 4");
  });

  it("reads an unterminated tag or comment as the end of the page", () => {
    expect(htmlToText("<p>kept</p><!-- never closed <p>lost")).toBe("kept");
    expect(htmlToText('<p>kept</p><a title="never closed>lost')).toBe("kept");
  });

  it("stays linear on hostile input (a megabyte of unclosed tags)", () => {
    expect(htmlToText(`<p>start</p>${"<a ".repeat(350_000)}`)).toBe("start");
    expect(htmlToText(`<p>start</p>${"<a href=x ".repeat(100_000)}>`)).toBe("start");
  });
});

describe("decodeCharacterReferences", () => {
  it("leaves unknown and invalid references as written", () => {
    expect(decodeCharacterReferences("&bogus; &#0; &#xD800; &#1114112; &#x41")).toBe("&bogus; \uFFFD \uFFFD \uFFFD A");
  });
});
