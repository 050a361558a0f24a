// Comments (ABI v1 minor addition): list_comments, add_comment, update_comment, delete_comment.
// Bodies are ADF in Jira and text in Zen, converted like descriptions (adf.ts). A comment the host adds carries its
// idempotency key in a comment property (zen.comment), set in the same POST, so a retried add finds it.
import {
  JSON, Result, PluginError, ErrorCode, getString, getArray, getObject, getNumber, isObject, quote, toJsonText,
} from "../../pdk";
import { Jira } from "./client";
import { readDescription, writeDescription } from "./adf";
import { normalizeIso } from "./time";

export const COMMENT_PROPERTY = "zen.comment";
const PAGE: i32 = 100;

/** Comment ids are digits: nothing that could change the request path. */
function isCommentId(s: string): bool {
  if (s.length == 0 || s.length > 32) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function badCommentId(op: string): Result {
  return Result.error(ErrorCode.INVALID_DATA, op + " needs 'comment_id': a Jira comment id such as 10001");
}

/** The idempotency key a comment's zen.comment property holds, or null. */
function markerOf(c: JSON.Obj): string | null {
  const props = getArray(c, "properties");
  if (props == null) return null;
  for (let i = 0; i < props.length; i++) {
    const v = props.at(i);
    if (!isObject(v)) continue;
    const p = v.get<JSON.Obj>();
    if (getString(p, "key") == COMMENT_PROPERTY) return getString(getObject(p, "value"), "idempotency_key");
  }
  return null;
}

/** The ABI comment for a Jira comment document. */
function commentOf(c: JSON.Obj): JSON.Obj {
  const out = new JSON.Obj();
  const id = getString(c, "id");
  out.set("id", id == null ? "" : id!);
  const author = getObject(c, "author");
  const name = getString(author, "displayName");
  out.set("author", name == null ? "Unknown" : name!);
  out.set("body", readDescription(c.get("body")).text);
  const created = normalizeIso(getString(c, "created"));
  if (created != null) out.set("created", created!);
  const updated = normalizeIso(getString(c, "updated"));
  if (updated != null) out.set("updated", updated!);
  const marker = markerOf(c);
  if (marker != null) out.set("marker", marker!);
  return out;
}

function commentsPath(issue: string): string {
  return "/issue/" + encodeURIComponent(issue) + "/comment";
}

/** Every comment of the issue, oldest first, with its marker; or the error of the failed page. */
export function allComments(jira: Jira, issue: string): Result {
  const out = new JSON.Arr();
  let startAt: i32 = 0;
  while (true) {
    const r = jira.get(commentsPath(issue) + "?startAt=" + startAt.toString() + "&maxResults=" + PAGE.toString() +
      "&orderBy=created&expand=properties");
    if (!r.ok) return Result.fail(r.error!);
    const page = r.json();
    const list = getArray(page, "comments");
    const n = list == null ? 0 : list.length;
    for (let i = 0; i < n; i++) {
      const v = list!.at(i);
      if (isObject(v)) out.push(commentOf(v.get<JSON.Obj>()));
    }
    const total = <i32>getNumber(page, "total", 0);
    startAt += n;
    if (n == 0 || startAt >= total) break;
  }
  return Result.ok(out);
}

export function listComments(jira: Jira, issue: string): Result {
  const all = allComments(jira, issue);
  if (!all.isOk) return all;
  const o = new JSON.Obj();
  o.set("comments", all.value!);
  return Result.ok(o);
}

/** The ADF body for a comment text; Jira needs a document even for an empty text. */
function adfBody(text: string): string {
  const doc = writeDescription(text);
  if (doc == null) return '{"type":"doc","version":1,"content":[]}';
  return toJsonText(doc!);
}

export function addComment(jira: Jira, issue: string, body: string, key: string | null): Result {
  if (key != null) {
    const all = allComments(jira, issue);
    if (!all.isOk) return all;
    const arr = all.value!.get<JSON.Arr>();
    for (let i = 0; i < arr.length; i++) {
      const c = arr.at(i).get<JSON.Obj>();
      if (getString(c, "marker") == key) return Result.ok(c); // an earlier attempt committed
    }
  }
  let payload = '{"body":' + adfBody(body);
  if (key != null) {
    payload += ',"properties":[{"key":' + quote(COMMENT_PROPERTY) + ',"value":{"idempotency_key":' + quote(key!) + "}}]";
  }
  const r = jira.post(commentsPath(issue) + "?expand=properties", payload + "}");
  if (!r.ok) return Result.fail(r.error!);
  const c = commentOf(r.json());
  if (key != null && getString(c, "marker") == null) c.set("marker", key!); // Jira answers without properties
  return Result.ok(c);
}

export function updateComment(jira: Jira, issue: string, commentId: string, body: string): Result {
  if (!isCommentId(commentId)) return badCommentId("update_comment");
  const r = jira.put(commentsPath(issue) + "/" + commentId + "?expand=properties", '{"body":' + adfBody(body) + "}");
  if (!r.ok) return Result.fail(r.error!);
  return Result.ok(commentOf(r.json()));
}

export function deleteComment(jira: Jira, issue: string, commentId: string): Result {
  if (!isCommentId(commentId)) return badCommentId("delete_comment");
  const r = jira.call("DELETE", commentsPath(issue) + "/" + commentId);
  const o = new JSON.Obj();
  if (!r.ok) {
    if (r.error!.code != ErrorCode.NOT_FOUND) return Result.fail(r.error!);
    o.set("deleted", false); // already gone: the deletion the host wants holds
    return Result.ok(o);
  }
  o.set("deleted", true);
  return Result.ok(o);
}

export function noBody(op: string): Result {
  return Result.fail(new PluginError(ErrorCode.INVALID_DATA, op + " needs 'body': the comment text").withDetail("key", "body"));
}
