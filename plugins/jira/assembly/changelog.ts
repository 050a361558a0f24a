// The changelog of an issue read with expand=changelog (`changelog.histories`), read once from the body's text with
// the PDK's JsonReader. Reading it through JSON.Obj parsed each level of it separately (histories, each history, its
// author and items, each item), scanning the deeper text again at every level: a third of the guest's JSON work on a
// push sync, where the changelog is most of the issue's text. The model keeps what the plugin reads, with the same
// meaning as the getters gave (the last of duplicate keys, null for a value of another type, non-objects skipped).
import { JSON, JsonReader } from "../../pdk";

/** One changed field of a history. */
export class ChangeItem {
  fieldId: string | null = null;
  field: string | null = null;
  /** Where the item's `toString` starts in the reader's text, 0 when it has none or not a string. */
  toAt: usize = 0;

  constructor(private reader: JsonReader) {}

  /** The changed field's id: `fieldId`, else `field`. */
  get fid(): string | null {
    return this.fieldId != null ? this.fieldId : this.field;
  }

  /** The item's `toString` (the new value as text), decoded when asked for; null when absent. */
  get to(): string | null {
    return this.toAt == 0 ? null : this.reader.stringFrom(this.toAt);
  }
}

/** One history: its id, time, author and changed fields. */
export class History {
  /** `id` when it is a string. */
  id: string | null = null;
  created: string | null = null;
  /** `author.accountId`. */
  author: string | null = null;
  /** null when the history has no `items` array. */
  items: ChangeItem[] | null = null;
}

function readItem(r: JsonReader): ChangeItem {
  const item = new ChangeItem(r);
  while (r.nextKey()) {
    if (r.keyIs("fieldId")) item.fieldId = r.string();
    else if (r.keyIs("field")) item.field = r.string();
    else if (r.keyIs("toString")) item.toAt = r.stringStart();
    else r.skip();
  }
  return item;
}

function readItems(r: JsonReader): ChangeItem[] | null {
  if (!r.beginArray()) return null;
  const out = new Array<ChangeItem>();
  while (r.nextElement()) {
    if (r.beginObject()) out.push(readItem(r));
  }
  return out;
}

function readAuthor(r: JsonReader): string | null {
  if (!r.beginObject()) return null;
  let account: string | null = null;
  while (r.nextKey()) {
    if (r.keyIs("accountId")) account = r.string();
    else r.skip();
  }
  return account;
}

function readHistory(r: JsonReader): History {
  const h = new History();
  while (r.nextKey()) {
    if (r.keyIs("id")) h.id = r.string();
    else if (r.keyIs("created")) h.created = r.string();
    else if (r.keyIs("author")) h.author = readAuthor(r);
    else if (r.keyIs("items")) h.items = readItems(r);
    else r.skip();
  }
  return h;
}

function read(issue: JSON.Obj): History[] | null {
  const r = JsonReader.member(issue, "changelog");
  if (r == null || !r.beginObject()) return null;
  let histories: History[] | null = null;
  while (r.nextKey()) {
    if (!r.keyIs("histories")) {
      r.skip();
      continue;
    }
    if (!r.beginArray()) {
      histories = null;
      continue;
    }
    const out = new Array<History>();
    while (r.nextElement()) {
      if (r.beginObject()) out.push(readHistory(r));
    }
    histories = out;
  }
  return r.ok ? histories : null;
}

// The last issue read: a sync reads one issue's changelog several times (its last history, the change times of the
// item, each written field's foreign change). Holding the issue keeps its address from being reused.
let readFor: JSON.Obj | null = null;
let readHistories: History[] | null = null;

/** The histories of an issue's embedded changelog (object elements only), or null when it has none. */
export function historiesOf(issue: JSON.Obj): History[] | null {
  if (readFor !== issue) {
    readHistories = read(issue);
    readFor = issue;
  }
  return readHistories;
}
