// Routes AssemblyScript aborts (failed assertions, out-of-range access, json-as parse failures) to the host log
// before trapping, so the host's PLUGIN_EXECUTION_FAILED error has an explanation beside it in the logs.
// Build with `--use abort=pdk/abort/zenAbort` (needs the log permission) or `--use abort=` (silent trap).
import { Log } from "./host";

export function zenAbort(message: string | null = null, fileName: string | null = null, line: u32 = 0, column: u32 = 0): void {
  const m = message == null ? "abort" : message;
  const f = fileName == null ? "?" : fileName;
  Log.error("plugin aborted: " + m + " at " + f + ":" + line.toString() + ":" + column.toString());
  unreachable();
}
