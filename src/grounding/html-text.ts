/**
 * HTML → readable text for evidence. No HTML library is installed, so this is a small, careful,
 * linear-time scanner (no backtracking regular expressions over untrusted pages): it drops
 * comments and the content of non-text elements (scripts, styles, navigation…), turns block
 * elements into line breaks, removes every other tag, decodes character references, and tidies
 * whitespace. It reads text; it does not render or sanitise HTML for display.
 */

/** Elements whose content is never prose. */
const SKIPPED_ELEMENTS = new Set(["script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object", "canvas", "select", "nav", "footer", "aside", "form", "button"]);
/** Elements that end a line of text. */
const BLOCK_ELEMENTS = new Set([
  "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
  "header", "hr", "li", "main", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr", "ul", "caption",
]);
const CELL_ELEMENTS = new Set(["td", "th"]);

const NAMED_REFERENCES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", ensp: " ", emsp: " ", thinsp: " ",
  ndash: "–", mdash: "—", hellip: "…", lsquo: "‘", rsquo: "’", sbquo: "‚", ldquo: "“", rdquo: "”", bdquo: "„",
  laquo: "«", raquo: "»", bull: "•", middot: "·", copy: "©", reg: "®", trade: "™", deg: "°", plusmn: "±",
  times: "×", divide: "÷", minus: "−", le: "≤", ge: "≥", ne: "≠", asymp: "≈", permil: "‰", frac12: "½", frac14: "¼", frac34: "¾",
  sup2: "²", sup3: "³", micro: "µ", para: "¶", sect: "§", euro: "€", pound: "£", yen: "¥", cent: "¢", curren: "¤",
  iexcl: "¡", iquest: "¿", shy: "", zwj: "", zwnj: "",
  aacute: "á", eacute: "é", iacute: "í", oacute: "ó", uacute: "ú", yacute: "ý", Aacute: "Á", Eacute: "É", Iacute: "Í", Oacute: "Ó", Uacute: "Ú",
  agrave: "à", egrave: "è", igrave: "ì", ograve: "ò", ugrave: "ù", Agrave: "À", Egrave: "È",
  acirc: "â", ecirc: "ê", icirc: "î", ocirc: "ô", ucirc: "û", auml: "ä", euml: "ë", iuml: "ï", ouml: "ö", uuml: "ü", yuml: "ÿ",
  Auml: "Ä", Ouml: "Ö", Uuml: "Ü", szlig: "ß", atilde: "ã", otilde: "õ", ntilde: "ñ", Ntilde: "Ñ", ccedil: "ç", Ccedil: "Ç",
  aring: "å", Aring: "Å", aelig: "æ", AElig: "Æ", oslash: "ø", Oslash: "Ø",
};

function decodeReference(reference: string): string | undefined {
  if (reference.startsWith("#")) {
    const hex = reference[1] === "x" || reference[1] === "X";
    const digits = reference.slice(hex ? 2 : 1);
    if (!(hex ? /^[0-9a-f]{1,6}$/i : /^\d{1,7}$/).test(digits)) return undefined;
    const codePoint = Number.parseInt(digits, hex ? 16 : 10);
    if (codePoint === 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return "\uFFFD";
    return String.fromCodePoint(codePoint);
  }
  return NAMED_REFERENCES[reference];
}

/** `&amp;`, `&#233;`, `&#xE9;` → their characters; an unknown or malformed reference stays as written. */
export function decodeCharacterReferences(text: string): string {
  return text.replace(/&(#[xX]?[0-9a-fA-F]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g, (whole, reference: string) => decodeReference(reference) ?? whole);
}

/** The end of a tag that starts at `start` (the index of `<`): the index after its `>`, honouring quoted attribute values. */
function tagEnd(html: string, start: number): number {
  let quote: string | undefined;
  for (let index = start + 1; index < html.length; index++) {
    const character = html[index];
    if (quote) {
      if (character === quote) quote = undefined;
    } else if (character === '"' || character === "'") {
      // Quotes only open inside an attribute value (after `=`); a stray quote elsewhere is text.
      if (/=\s*$/.test(html.slice(Math.max(start, index - 8), index))) quote = character;
    } else if (character === ">") return index + 1;
  }
  return html.length;
}

export function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  const parts: string[] = [];
  let textStart = 0;
  let index = 0;
  const flushText = (end: number) => {
    if (end > textStart) parts.push(html.slice(textStart, end));
  };
  while (index < html.length) {
    const open = html.indexOf("<", index);
    if (open < 0) break;
    const next = html[open + 1] ?? "";
    if (html.startsWith("<!--", open)) {
      flushText(open);
      const close = html.indexOf("-->", open + 4);
      index = textStart = close < 0 ? html.length : close + 3;
      continue;
    }
    if (next === "!" || next === "?") {
      flushText(open);
      index = textStart = tagEnd(html, open);
      continue;
    }
    const closing = next === "/";
    const nameMatch = /^[a-zA-Z][a-zA-Z0-9-]*/.exec(html.slice(open + (closing ? 2 : 1), open + (closing ? 2 : 1) + 32));
    if (!nameMatch) {
      // A `<` that starts no tag is text ("a < b").
      index = open + 1;
      continue;
    }
    flushText(open);
    const name = nameMatch[0].toLowerCase();
    let end = tagEnd(html, open);
    if (!closing && SKIPPED_ELEMENTS.has(name) && !html.slice(open, end).endsWith("/>")) {
      const close = lower.indexOf(`</${name}`, end);
      end = close < 0 ? html.length : tagEnd(html, close);
    }
    // Inline elements add nothing: "<b>4</b>,900" reads "4,900".
    if (BLOCK_ELEMENTS.has(name)) parts.push("\n");
    else if (CELL_ELEMENTS.has(name)) parts.push(" ");
    index = textStart = end;
  }
  flushText(html.length);
  const lines = decodeCharacterReferences(parts.join(""))
    .split("\n")
    .map((line) => line.replace(/[ \t\r\f\v\u00a0]+/g, " ").trim());
  return lines.filter((line) => line !== "").join("\n");
}
