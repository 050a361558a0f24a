// The issue get_task_data last returned, kept in this plugin instance so that update_task in the same sync can plan
// its write on it instead of reading the issue again. The runtime hands a sync's calls to the most recently used
// instance, so a sync's get and update usually meet here; on a miss update_task reads the issue as before. A
// snapshot is used only when its `updated` is the engine's read (`expected_since`): it is then exactly the state
// the engine merged, and the changelog the write returns shows every change made after it (lastHistory).
import { JSON, getString, getObject } from "../../pdk";
import { parseIso } from "./time";
import { lastHistoryId } from "./concurrent";

// Few: a sync's get and update are consecutive calls on one instance, and a parsed issue with a long description
// can take a megabyte of the instance's 32 MiB memory limit.
const LIMIT: i32 = 8;

export class Snapshot {
  constructor(public issue: JSON.Obj, public lastHistory: i64, public updatedMs: i64) {}
}

let snapshots = new Map<string, Snapshot>();

/** Keeps an issue read with its changelog, under its id and key. */
export function remember(issue: JSON.Obj): void {
  const updated = getString(getObject(issue, "fields"), "updated");
  if (updated == null) return;
  const t = parseIso(updated!);
  if (t == null) return;
  if (snapshots.size >= LIMIT) snapshots.clear();
  const s = new Snapshot(issue, lastHistoryId(issue), t!.epochMs);
  const id = getString(issue, "id");
  const key = getString(issue, "key");
  if (id != null) snapshots.set(id!, s);
  if (key != null) snapshots.set(key!, s);
}

/** The snapshot of `id` read when the issue was last updated at `updatedMs` (the engine's read), or null. */
export function snapshotAt(id: string, updatedMs: i64): Snapshot | null {
  if (updatedMs <= 0 || !snapshots.has(id)) return null;
  const s = snapshots.get(id);
  return s.updatedMs == updatedMs ? s : null;
}
