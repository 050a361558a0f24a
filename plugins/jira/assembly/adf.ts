// Atlassian Document Format <-> plain text with Markdown lists.
//
// Text form: blocks separated by one blank line; a paragraph's hard breaks are single newlines; list items are
// "- text" (bullet) or "N. text" (ordered, numbered from the list's start), nested lists indented by two spaces
// per level. A paragraph line that would read as a list item, or that starts with a space or a backslash, is
// escaped with a leading backslash.
//
// Lossless for doc / paragraph / text (no marks) / hardBreak / bulletList / orderedList / listItem. Anything else
// (headings, marks, code, tables, mentions, media, panels...) is reported as unsupported: the text rendering is
// then lossy, and a writer must not replace such a description unless the user really changed its text.
import { JSON, getString, getArray, getObject, getNumber, isObject, objectAt } from "../../pdk";
import { RecentTexts } from "./recent";

/** One ADF node in the supported subset. */
export class Node {
  children: Node[] = [];
  text: string = "";
  order: i32 = 1;
  constructor(public type: string) {}
}

/** A parsed ADF document: its supported tree and the node kinds it had to leave out. */
export class Parsed {
  unsupported: string[] = [];
  constructor(public root: Node) {}
}

function note(p: Parsed, what: string): void {
  if (!p.unsupported.includes(what)) p.unsupported.push(what);
}

function children(p: Parsed, o: JSON.Obj, into: Node): void {
  const content = getArray(o, "content");
  if (content == null) return;
  for (let i = 0; i < content.length; i++) {
    const v = objectAt(content, i);
    if (v == null) {
      note(p, "malformed content");
      continue;
    }
    const n = node(p, v);
    if (n == null) continue;
    // Adjacent plain text runs are one run.
    const last = into.children.length > 0 ? into.children[into.children.length - 1] : null;
    if (n.type == "text" && last != null && last.type == "text") last.text += n.text;
    else into.children.push(n);
  }
}

function checkAttrs(p: Parsed, o: JSON.Obj, type: string, allowed: string[]): void {
  const attrs = getObject(o, "attrs");
  if (attrs == null) return;
  const keys = attrs.keys();
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] == "localId") continue; // editor bookkeeping, not content
    if (!allowed.includes(keys[i])) note(p, type + "." + keys[i]);
  }
}

function node(p: Parsed, o: JSON.Obj): Node | null {
  const type = getString(o, "type");
  if (type == null) {
    note(p, "node without type");
    return null;
  }
  if (type == "text") {
    const marks = getArray(o, "marks");
    if (marks != null && marks.length > 0) {
      for (let i = 0; i < marks.length; i++) {
        const m = objectAt(marks, i);
        const mt = m != null ? getString(m, "type") : null;
        note(p, "mark:" + (mt == null ? "?" : mt!));
      }
    }
    const n = new Node("text");
    const t = getString(o, "text");
    n.text = t == null ? "" : t;
    if (n.text.includes("\n") || n.text.includes("\r")) note(p, "newline in text");
    return n;
  }
  if (type == "hardBreak") return new Node("hardBreak");
  if (type == "paragraph" || type == "bulletList" || type == "listItem" || type == "orderedList") {
    const n = new Node(type);
    if (type == "orderedList") {
      checkAttrs(p, o, type, ["order"]);
      const attrs = getObject(o, "attrs");
      n.order = <i32>getNumber(attrs, "order", 1);
    } else {
      checkAttrs(p, o, type, []);
    }
    children(p, o, n);
    return n;
  }
  note(p, type);
  return null;
}

/** Parses an ADF document (JSON object with type "doc"). */
export function parseAdf(doc: JSON.Obj): Parsed {
  const root = new Node("doc");
  const p = new Parsed(root);
  if (getString(doc, "type") != "doc") note(p, "not a doc");
  children(p, doc, root);
  return p;
}

// ---------------------------------------------------------------- ADF -> text

function isDigits(s: string): bool {
  if (s.length == 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * True when the line text[from, to) would be read back as something else, so it needs a leading backslash: it starts
 * with a backslash or indentation, or reads as a list marker ("- ", "-", "N. ", "N."). Reads in place: this runs on
 * every line of every description read.
 */
function needsEscapeAt(text: string, from: i32, to: i32): bool {
  if (from >= to) return false;
  const c = text.charCodeAt(from);
  if (c == 0x5c || c == 0x20 || c == 0x09) return true; // backslash, indentation
  if (c == 0x2d) return to - from == 1 || text.charCodeAt(from + 1) == 0x20;
  let i = from;
  while (i < to && <u32>(text.charCodeAt(i) - 0x30) <= 9) i++;
  if (i == from || i == to || text.charCodeAt(i) != 0x2e) return false;
  return i + 1 == to || text.charCodeAt(i + 1) == 0x20;
}

function needsEscape(line: string): bool {
  return needsEscapeAt(line, 0, line.length);
}

function paragraphText(n: Node): string {
  let s = "";
  for (let i = 0; i < n.children.length; i++) {
    const c = n.children[i];
    if (c.type == "text") s += c.text;
    else if (c.type == "hardBreak") s += "\n";
  }
  return s;
}

function escapeLines(text: string): string {
  // most texts have no line to escape: checked in place, split and joined only when one has
  let from = 0;
  let any = false;
  while (!any) {
    let to = text.indexOf("\n", from);
    const last = to < 0;
    if (last) to = text.length;
    any = needsEscapeAt(text, from, to);
    if (last) break;
    from = to + 1;
  }
  if (!any) return text;
  if (!text.includes("\n")) return "\\" + text;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) if (needsEscape(lines[i])) lines[i] = "\\" + lines[i];
  return lines.join("\n");
}

function listText(list: Node, indent: string, out: string[]): void {
  let number = list.order;
  for (let i = 0; i < list.children.length; i++) {
    const item = list.children[i];
    const marker = list.type == "bulletList" ? "- " : number.toString() + ". ";
    number++;
    let first = true;
    for (let j = 0; j < item.children.length; j++) {
      const c = item.children[j];
      // an empty leading paragraph is the bare marker: ADF has no empty list item
      if (j == 0 && c.type == "paragraph" && c.children.length == 0) continue;
      if (c.type == "paragraph") {
        const lines = escapeLines(paragraphText(c)).split("\n");
        for (let k = 0; k < lines.length; k++) {
          out.push(indent + (first ? marker : "  ") + lines[k]);
          first = false;
        }
      } else if (c.type == "bulletList" || c.type == "orderedList") {
        if (first) {
          out.push(indent + marker.trimEnd());
          first = false;
        }
        listText(c, indent + "  ", out);
      }
    }
    if (first) out.push(indent + marker.trimEnd());
  }
}

/** Renders a parsed document as text (lossy when `unsupported` is not empty). */
export function toText(root: Node): string {
  const blocks = new Array<string>();
  for (let i = 0; i < root.children.length; i++) {
    const b = root.children[i];
    if (b.type == "paragraph") {
      blocks.push(escapeLines(paragraphText(b)));
    } else if (b.type == "bulletList" || b.type == "orderedList") {
      const lines = new Array<string>();
      listText(b, "", lines);
      blocks.push(lines.join("\n"));
    }
  }
  return blocks.join("\n\n");
}

// ---------------------------------------------------------------- text -> ADF

class Line {
  constructor(public indent: i32, public text: string) {}
}

function indentOf(s: string): i32 {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) == 0x20) i++;
  return i;
}

/**
 * The list marker of a line ("- " or "N. "), as [kind, number, markerLength, hasSpace]; kind 0 when none.
 * A bare marker ("-", "N.") is an item without a paragraph; with its space it has a (possibly empty) one.
 */
function markerOf(s: string): i32[] {
  if (s.startsWith("- ")) return [1, 0, 2, 1];
  if (s == "-") return [1, 0, 1, 0];
  const dot = s.indexOf(".");
  if (dot > 0 && dot <= 9 && isDigits(s.substring(0, dot))) {
    if (s.length == dot + 1) return [2, I32.parseInt(s.substring(0, dot)), dot + 1, 0];
    if (s.charCodeAt(dot + 1) == 0x20) return [2, I32.parseInt(s.substring(0, dot)), dot + 2, 1];
  }
  return [0, 0, 0, 0];
}

function unescape(s: string): string {
  return s.startsWith("\\") ? s.substring(1) : s;
}

function paragraphOf(lines: string[]): Node {
  const p = new Node("paragraph");
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) p.children.push(new Node("hardBreak"));
    const t = unescape(lines[i]);
    if (t.length > 0) {
      const n = new Node("text");
      n.text = t;
      p.children.push(n);
    }
  }
  return p;
}

/** Parses list lines starting at lines[at] with the given indentation; returns the index after the list. */
function parseList(lines: Line[], at: i32, indent: i32, out: Node[]): i32 {
  const first = markerOf(lines[at].text.substring(indent));
  const list = new Node(first[0] == 1 ? "bulletList" : "orderedList");
  if (first[0] == 2) list.order = first[1];
  let i = at;
  while (i < lines.length) {
    const ln = lines[i];
    if (ln.indent != indent) break;
    const m = markerOf(ln.text.substring(indent));
    if (m[0] != first[0]) break;
    const item = new Node("listItem");
    const rest = ln.text.substring(indent + m[2]);
    const para = new Array<string>();
    if (rest.length > 0 || m[3] == 1) para.push(rest);
    i++;
    // continuation lines of the item's paragraph (hard breaks) and nested lists
    while (i < lines.length) {
      const l2 = lines[i];
      if (l2.indent == indent + 2 && markerOf(l2.text.substring(indent + 2))[0] == 0) {
        para.push(l2.text.substring(indent + 2));
        i++;
      } else if (l2.indent == indent + 2) {
        if (para.length > 0) item.children.push(paragraphOf(para));
        para.length = 0;
        const nested = new Array<Node>();
        i = parseList(lines, i, indent + 2, nested);
        for (let k = 0; k < nested.length; k++) item.children.push(nested[k]);
      } else {
        break;
      }
    }
    if (para.length > 0) item.children.push(paragraphOf(para));
    // ADF requires a list item to start with a paragraph (Jira answers 400 otherwise): a bare marker gets an empty one
    if (item.children.length == 0 || item.children[0].type != "paragraph") item.children.unshift(new Node("paragraph"));
    list.children.push(item);
  }
  out.push(list);
  return i;
}

/** Converts text in the form above to an ADF tree. */
export function fromText(text: string): Node {
  const root = new Node("doc");
  const normalized = text.replaceAll("\r\n", "\n").replaceAll("\r", "\n");
  if (normalized.length == 0) return root;
  const blocks = normalized.split("\n\n");
  for (let b = 0; b < blocks.length; b++) {
    const raw = blocks[b].split("\n");
    const lines = new Array<Line>();
    for (let i = 0; i < raw.length; i++) lines.push(new Line(indentOf(raw[i]), raw[i]));
    let i = 0;
    while (i < lines.length) {
      if (lines[i].indent == 0 && markerOf(lines[i].text)[0] != 0) {
        i = parseList(lines, i, 0, root.children);
      } else {
        const para = new Array<string>();
        while (i < lines.length && !(lines[i].indent == 0 && markerOf(lines[i].text)[0] != 0)) {
          para.push(lines[i].text);
          i++;
        }
        root.children.push(paragraphOf(para));
      }
    }
  }
  return root;
}

// ---------------------------------------------------------------- tree <-> JSON

/** Serializes a tree as ADF JSON. */
export function toJson(n: Node): JSON.Obj {
  const o = new JSON.Obj();
  o.set("type", n.type);
  if (n.type == "doc") o.set("version", <f64>1);
  if (n.type == "text") {
    o.set("text", n.text);
    return o;
  }
  if (n.type == "orderedList") {
    const attrs = new JSON.Obj();
    attrs.set("order", <f64>n.order);
    o.set("attrs", attrs);
  }
  if (n.type != "hardBreak") {
    const content = new JSON.Arr();
    for (let i = 0; i < n.children.length; i++) content.push(toJson(n.children[i]));
    o.set("content", content);
  }
  return o;
}

/** Structural equality of two trees. */
export function sameTree(a: Node, b: Node): bool {
  if (a.type != b.type || a.text != b.text || a.children.length != b.children.length) return false;
  if (a.type == "orderedList" && a.order != b.order) return false;
  for (let i = 0; i < a.children.length; i++) if (!sameTree(a.children[i], b.children[i])) return false;
  return true;
}

/** What Zen sees of a Jira description, and whether writing text back could lose anything. */
export class Description {
  constructor(public text: string, public lossless: bool, public unsupported: string[]) {}
}

/**
 * Whether the document is only paragraphs of non-empty text runs separated by single hard breaks (the common
 * description), whose text form always reads back as the same tree, so readDescription can skip that round trip.
 * Each run is one line (a run with a newline is not lossless), so a paragraph is a block of non-empty lines with no
 * blank line inside, and blocks are split on the blank lines between them. A line that would read as a list item or
 * starts with a backslash or indentation got a leading backslash from escapeLines, which fromText removes again; any
 * other line starts with none of these, so none reads as a list item and the block reads back as one paragraph of
 * the same runs and hard breaks.
 */
function plainParagraphs(root: Node): bool {
  for (let i = 0; i < root.children.length; i++) {
    const p = root.children[i];
    if (p.type != "paragraph" || p.children.length % 2 == 0) return false;
    for (let j = 0; j < p.children.length; j++) {
      const c = p.children[j];
      if (j % 2 == 0 ? c.type != "text" || c.text.length == 0 : c.type != "hardBreak") return false;
    }
  }
  return true;
}

// The JSON texts of the last descriptions read from a body and what they read as. A push sync reads the same
// issue's description two or three times (the engine's read, the write's plan on it, the write's answer, which Jira
// may write differently: two are kept), and reading an ADF document through json-as (one parse per level) was a
// tenth of a call's guest work. The result depends on the text alone.
const kept = new RecentTexts<Description | null>(2);

/** Reads a Jira description value (ADF object, null, or a v2-style string). */
export function readDescription(v: JSON.Value | null): Description {
  const slice = v == null ? 0 : v.__lazySlice(); // (start << 32) | end of a value json-as has not parsed yet
  if (slice == 0) return readValue(v);
  const start = <usize>(slice >>> 32);
  const bytes = <usize>(<u32>slice) - start;
  const i = kept.find(start, bytes);
  let d: Description | null = i >= 0 ? kept.at(i) : null;
  if (d == null) {
    d = readValue(v);
    const text = changetype<string>(__new(bytes, idof<string>()));
    memory.copy(changetype<usize>(text), start, bytes);
    kept.put(text, d);
  }
  return new Description(d!.text, d!.lossless, d!.unsupported.slice(0)); // the caller's own list
}

function readValue(v: JSON.Value | null): Description {
  if (v == null || !isObject(v)) {
    if (v != null && v.type == JSON.Types.String) return new Description(v.get<string>(), true, []);
    return new Description("", true, []);
  }
  const parsed = parseAdf(v.get<JSON.Obj>());
  const text = toText(parsed.root);
  let lossless = parsed.unsupported.length == 0;
  if (lossless && !plainParagraphs(parsed.root) && !sameTree(fromText(text), parsed.root)) {
    lossless = false;
    parsed.unsupported.push("layout without a text form");
  }
  return new Description(text, lossless, parsed.unsupported);
}

/** The ADF document for a description text; an empty text gives null (Jira's empty description). */
export function writeDescription(text: string): JSON.Obj | null {
  if (text.length == 0) return null;
  return toJson(fromText(text));
}
