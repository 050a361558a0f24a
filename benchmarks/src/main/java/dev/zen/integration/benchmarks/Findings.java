package dev.zen.integration.benchmarks;

import java.util.List;

/**
 * What limits each figure, found with JFR while the suite was written. Static text: the profiles were taken by
 * hand (see {@link #reproduce()}), so the section says when and where; the figures above it are from the run.
 */
final class Findings {
    private Findings() {}

    static Report.Section section() {
        return new Report.Section("What limits the figures (profiled 2026-11-26)", List.of(
                "Profiles taken with JDK Flight Recorder (`settings=profile`) on the development machine (2 shared "
                        + "cores, load average 5 to 13 from other builds), so shares matter more than milliseconds. "
                        + "Function names of the Jira module come from a build of the same sources with `--debug` "
                        + "(identical code section, plus a name section).",
                "",
                "**Cold load in a fresh JVM** (4 child JVMs, 123 samples of `main`): 31 % building the default "
                        + "`HttpClient` in the `WasmPluginRegistry` constructor (`HttpClientImpl.<init>` -> "
                        + "`SSLContext.getInstance` -> `TrustStoreManager.loadKeyStore` reads the JDK trust store) "
                        + "although loading makes no request; 22 % classpath discovery, mostly the first use of "
                        + "Jackson YAML (`ManifestParser.<clinit>`, `ObjectMapper.<clinit>`); 28 % "
                        + "`CompiledModules.compile` despite the disk cache: Chicory parses and validates the "
                        + "231 KB module again (`Parser.parse` 25 %, `Validator.validateFunctions` 10 %) and only "
                        + "the bytecode generation is skipped. About 3,400 classes are loaded before the plugin is "
                        + "open. Proposed: create the runtime's HTTP client lazily on the first `http_request`; "
                        + "ship an AppCDS archive recipe (see the AppCDS row); < 100 ms from JVM start is not "
                        + "reachable while Jackson, Chicory and java.net.http load at startup.",
                "",
                "**WASM overhead** (1,600 push syncs, 381 samples on `zen-plugin-worker` threads): 84 % in guest "
                        + "code, 14 % in the host's `http_request_auth` (`HttpBridge`; 9 % is the HTTP exchange "
                        + "itself), 4 % ABI copies. In the guest: `pdk/json/isValidJson` 20 % (a full validation "
                        + "pass, then `json-as` parses the same text again: `JSON.Value#materialize` 12 %); "
                        + "`pdk/host/decodeHttp` 17 %: the host returns the response body as a JSON-escaped string "
                        + "inside a JSON envelope, so the guest scans and unescapes every body (`Scanner#string` "
                        + "16 % self) before parsing it; `mapping/toZen` 20 %, `adf/readDescription` 9 %, "
                        + "`fieldChangedAt` 8 %, result serialisation 5 %. Chicory's compiled code reads WASM "
                        + "globals (the AssemblyScript allocator and GC state) through `Instance.global` "
                        + "(`readGlobal` 17 % inclusive). Proposed: (1) PDK: parse each text once (build the tree "
                        + "in the validating scanner instead of validating, then re-parsing); (2) ABI: hand the "
                        + "HTTP body to the guest as raw bytes in its own buffer instead of a JSON string "
                        + "(a `docs/plugin-abi.md` change); (3) Chicory: re-measure on a release that keeps "
                        + "globals in fields.",
                "",
                "**Discovery of 200 folders**: 91 % in `ManifestParser.parse`, 64 % of it in Jackson YAML tree "
                        + "reading (SnakeYAML's scanner), 6 % `Pattern.compile` from `String.matches` in the "
                        + "parser. `discover()` parses every unchanged manifest again. Proposed: reuse the parsed "
                        + "manifest when the folder's manifest bytes are unchanged (the registry already keeps "
                        + "them), and precompile the parser's patterns.",
                "",
                "**Scaling** (JFR of the 10,000-task batch, 2,204 samples): 35 % in FakeJira's `JiraState.find`, "
                        + "which looks an issue key up by scanning every issue (4 lookups per push sync, under "
                        + "FakeJira's global lock), and 16 % in `RecordIndex.checkUpdate` -> `byExternal`: the "
                        + "in-memory record store checks the (provider, external id) uniqueness of every update by "
                        + "scanning all records (`YamlSyncRecordStore` uses the same index code; inserts scan too, "
                        + "11 % of the import phase). Both are linear per operation, so a batch grows "
                        + "quadratically. Proposed: a (provider, external id) -> task id map beside the records in "
                        + "both stores (core), and a key -> issue map in `JiraState` (testkit).",
                "",
                "**Throughput** is CPU bound: the Throughput section gives the process CPU per push sync (engine, "
                        + "plugin, HTTP client and FakeJira together) and the ceiling it implies on this machine; "
                        + "the guest work above is the difference between the WASM and direct-Java figures.",
                "",
                "**FakeJira and Nagle**: the JDK `HttpServer` under FakeJira leaves `TCP_NODELAY` off, so each "
                        + "response (headers, then body) waits for the client's delayed ACK: 28 ms of HTTP per push "
                        + "sync instead of 6.7 ms, P95 69 ms instead of 22 ms (quick runs, same machine). The suite "
                        + "runs with `-Dsun.net.httpserver.nodelay=true` (benchmarks/pom.xml). Proposed: FakeJira "
                        + "or the testkit docs set it, so tests that time syncs against FakeJira are not misled.",
                "",
                "**Memory**: the Jira instance's linear memory grows from 21 pages (1.3 MiB) after `init` to 42 "
                        + "pages (2.6 MiB) by the 10th `get_task_data` and stays there to the 2,000th (checked by "
                        + "reading the pooled instance's `memory().pages()`), so the per-instance figure is stable.",
                "",
                reproduce()));
    }

    /** How to take the profiles again. */
    static String reproduce() {
        return "To profile one measure: `mvn -q -ntp -pl benchmarks dependency:build-classpath "
                + "-Dmdep.outputFile=cp.txt`, then `java -Dsun.net.httpserver.nodelay=true "
                + "-XX:StartFlightRecording=filename=bench.jfr,settings=profile -cp benchmarks/target/classes:$(cat "
                + "benchmarks/cp.txt) dev.zen.integration.benchmarks.BenchmarkSuite --only=latency "
                + "--report=/tmp/b.md` and `jfr print --events jdk.ExecutionSample bench.jfr`.";
    }
}
