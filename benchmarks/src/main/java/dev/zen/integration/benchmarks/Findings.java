package dev.zen.integration.benchmarks;

import java.util.List;

/**
 * What limits each figure, found with JFR while the suite was written. Static text: the profiles were taken by
 * hand (see {@link #reproduce()}), so the section says when and on which code; the figures above it are from the
 * run.
 */
final class Findings {
    private static final String PROFILING =
            "Profiles taken with JDK Flight Recorder (`settings=profile`) on the development machine (2 shared "
            + "cores, load average 4 to 13 from other builds), so shares matter more than milliseconds. "
            + "Function names of the Jira module come from a build of the same sources with `--debug` "
            + "(identical code section, plus a name section). Profiles of the code as of commit "
            + "0fdbcb8; the first round of findings was fixed in 5218c94 (runtime: HTTP client built on "
            + "first request, unchanged manifests not parsed again), 0af7a51 (core: record stores "
            + "index external ids), 1549bc5 (FakeJira: key index) and 0fdbcb8 (PDK: no syntax "
            + "pre-check of the host's HTTP envelope).";

    private static final String COLD_LOAD =
            "**Cold load in a fresh JVM, history.** 2026-11-26 (runtime-compiled, persisted cache): 47 % `load` "
            + "(Chicory parsing and validating the 231 KB module again although its code came from the disk cache; "
            + "fixed by parsing cache hits without validation), 40 % registry build (the first use of Jackson "
            + "YAML), 31 % building the HTTP client (now built on the first request). 2026-12-03, pre-compiled "
            + "Jira plugin (commit 47c37be, class-loading timeline): 3,232 classes loaded before the first call, "
            + "of which about 560 Jackson (an `ObjectMapper` and a `YAMLMapper` built for the manifest), 78 "
            + "Caffeine, 194 JMX (the Java 17 JIT directive, on a background thread), the EC provider for the "
            + "release keys, Chicory and the plugin's four machine classes; the module parsed whole although "
            + "the classes hold its code.";

    private static final String COLD_LOAD_PRECOMPILED =
            "**Cold load, the lean start-up path** (2026-12-03, commits cfb9341 to 2d732ff; JFR at 1 ms and "
            + "phase timers in child JVMs; the machine was shared with two other builds, load average 3 to 17, so "
            + "the shares and the main thread's CPU time count, not wall times). Removed from the path to the first "
            + "call: the `ObjectMapper` and `YAMLMapper` (the manifest, the `init` input and the result envelopes "
            + "now stream through jackson-core: 558 -> 129 Jackson classes, and the manifest phase halved), "
            + "Caffeine (two small LRU maps instead; building a Caffeine cache was a tenth of a cold start), the "
            + "second SHA-256 of the module (the signature payload now reuses the checksum's digest), the parse of "
            + "the function bodies (a pre-compiled plugin's load parses the compiler's stripped module, 119 of the "
            + "Jira module's 206 KB), the streams and lambdas of `JitWorkaround`'s set-up and a record's bootstrapped "
            + "`hashCode` in the manifest cache; the release keys are decoded on a daemon thread beside discovery; "
            + "json-as's 1 MiB arena (zero-filled in every instance's start function) is gone from the plugins. "
            + "2,618 classes are loaded before the first call (1,053 of them from the JDK's CDS archive), against "
            + "3,210 on the same machine before, and the main thread's CPU time to an open plugin fell from about "
            + "490 to 330 ms (8 alternating child JVMs each, load average 10). What remains, by samples: "
            + "on the main thread the first YAML parse (SnakeYAML scanning, cold), the JCA provider look-up for "
            + "Ed25519 and the JVM's first lambdas and method handles; on the loading thread SHA-256 of the "
            + "module (interpreted: the SHA intrinsic is C2's), the Ed25519 verification and Chicory's parse of the "
            + "stripped module (which computes its own SHA-256 of it, a Chicory default that can only be turned "
            + "off for the whole JVM); on the instance thread the class loading and verification of the 238 KB "
            + "machine and the start function. Most of the wall time is class loading and cold, interpreted "
            + "code, not any one method: AppCDS removes much of the first, `-XX:TieredStopAtLevel=1` the C2 "
            + "compilations that compete for the two cores (and, on Java 17, the JIT directive with its JMX "
            + "start-up, since C2 is what miscompiles); together they are the CLI recipe row. Why < 100 ms "
            + "from `main` stays out of reach without them: about 2,600 classes must still be loaded, verified "
            + "and run cold before the first call (the JDK's own crypto provider and JMX alone account for "
            + "several hundred), which costs this 2-core machine more than 100 ms however little each does; "
            + "beyond the recipe it would take a warm JVM (see the warm load).";

    private static final String COLD_LOAD_CONCURRENT =
            "**Cold load, steps side by side** (2026-12-03, commit ada3ca8; phase timers in child JVMs with the CLI "
            + "recipe, load average 2 to 8 from a parallel build). Before, one loading thread hashed the module "
            + "(12 to 22 ms), then checked its Ed25519 signature (25 to 37 ms: the JDK's field arithmetic runs cold; "
            + "decoding the release keys had cost their own thread about as much), then found the pre-compiled "
            + "classes and parsed the stripped module (about 25 ms, including Chicory's own SHA-256 of it), then "
            + "probed; `open` then checked the configuration (10 to 15 ms, most of it resolving the credential "
            + "origins) and created the first instance. Now the load hashes the module while one thread checks the "
            + "signature and another finds the classes and parses the stripped module (without Chicory's second "
            + "hash: the module is named by the verified digest), and `open` checks the configuration while the "
            + "plugin loads. Checking classpath plugins' signatures as soon as discovery found them was tried and "
            + "dropped: it gained a few ms in a cold start and cost a check for every other signed plugin on the "
            + "classpath (the suite's has two). Alternating child JVMs of the "
            + "old and new runtime jar (10 each, `main` to an open plugin): with the CLI recipe 152 -> 142 ms mean; "
            + "without flags 412 -> 374 ms mean with one outlier each, a difference within the noise. Without "
            + "flags the start is CPU bound, not serial: about 700 ms of process CPU in under 400 ms of wall time "
            + "on 2 cores, half of it C1 and C2 compiling JDK code (826 tier-3 compilations, 96 at tier 4, almost "
            + "none of them the plugin's), so running steps side by side shortens it little; with the recipe (no "
            + "C2, classes from the archive) it is shorter, and there the steps overlap.";

    private static final String WARM_LOAD =
            "**Warm load** (load + open of a plugin whose compiled module is already in memory): in "
            + "`load`, 60 % of the samples are the SHA-256 of the 231 KB module (`Integrity.verify`, "
            + "required before anything parses it), the rest the import/export checks and the probe "
            + "instance; `open` is a new instance plus `init` (the JMH `openHandle` row alone). The "
            + "P50 moved between 2 and 7 ms with the machine's load across runs; the P95 is load noise "
            + "on 2 shared cores. Since 2d732ff the module is hashed once per load, not twice (the signature "
            + "payload reuses the checksum's digest). On 2026-12-04 a profile of the loading thread on the slower "
            + "machine of that day's runs had 40 % of its samples in `InputStream.readNBytes`: plugin files were "
            + "read with `readNBytes(cap + 1)` (a 64 MiB cap for modules), in 8 KiB chunks joined at the end. They "
            + "are now read into an array of the size the file claims (still capped if the file grows meanwhile): "
            + "a scratch loop of 300 warm loads, old and new runtime jar alternating (3 pairs), went from P50 5.4 "
            + "to 6.0 ms to 4.3 to 4.6 ms, the load step alone from 4.7 to 5.1 ms to 3.6 to 3.9 ms.";

    private static final String WASM_OVERHEAD =
            "**WASM overhead** (profiled 2026-11-26 at 1,600 push syncs, 2,607 samples on `zen-plugin-worker` "
            + "threads): guest JSON work dominated: `pdk/json/isValidJson` 12 % (the Jira body validated, then "
            + "parsed again by `json-as`: `parseObject` 14 %, `JSON.Value#materialize` 11 %), `decodeHttp` 8 %, "
            + "result serialisation (`toJsonText`) 10 %; the mapping `mapping/toZen` 24 %; allocation and GC "
            + "(`itcms/__new` 19 %; since 825149c the PDK builds with the `minimal` runtime and collects once per "
            + "call). Fixed on 2026-12-03 (perf-guest): the host hands HTTP bodies to the guest as raw bytes and "
            + "says whether they are well-formed JSON (`raw_body`, docs/plugin-abi.md), so the guest neither "
            + "unescapes the body nor scans it before `json-as` parses it; the PDK's remaining syntax scan (operation "
            + "input) reads by pointer; and the PDK's getters parse a deferred `json-as` value once and keep it "
            + "(`Obj.get` had re-parsed `issue.fields` on every read, most of `materialize`). Worker samples per run "
            + "fell 13 % (663 to 575, same run length) and the WASM/direct ratio from 1.70-1.98x to 1.47-1.56x at "
            + "P50 in alternating runs of both builds (load average 10-14). Profile after (575 samples): "
            + "`toZen` 18 % (`adf/readDescription` 6 %), the collector `tcms/__collect` 14 %, allocation "
            + "(`tcms/__new` 11 %, `tlsf` free 7 %), `json-as` parsing of the values read 10 %, result "
            + "serialisation and UTF-8 copy 5-9 %; host `HttpBridge` 22 % (the HTTP exchange 11 %) and "
            + "`Envelope.decode` 6 %. `Instance.global` is now below 1 % (the `minimal` runtime reads few "
            + "globals); its per-call lookups are in Chicory's generated code (`readGlobal` -> "
            + "`Instance.global(i).getValue()`), which 1.7.5 offers no option to change. Tried and not kept: "
            + "leaving out the optional `raw` issue copy (it is part of the item the plugin contract returns) "
            + "gave 1.64x and 1.77x at P50 in two earlier latency-only runs, within the noise.";

    private static final String WASM_OVERHEAD_CPU =
            "**WASM overhead, second round** (2026-12-03, branch perf-cpu merged in dbaea88; JFR of the latency and "
            + "throughput measures, old and new build back to back, load average about 10). Samples on "
            + "`zen-plugin-worker` threads fell from 462 to 404 over runs of the same length, and in guest code "
            + "outside host calls from 330 to 248. Guest shares before -> after: the collector `tcms/__collect` "
            + "14.9 -> 8.2 %, allocation `tcms/__new` 11.5 -> 7.4 %, `tlsf/__free` 9.7 -> 4.2 %, `toZen` 22.1 -> "
            + "17.1 %, `adf/readDescription` 9.5 -> 4.7 %, `afterWrite` 16.9 -> 11.1 % (it had mapped the issue to "
            + "Zen a second time on every push), `fixSurrogates` 3.0 -> 1.5 %, `normalizeIso` 3.7 -> 1.2 %. CPU of "
            + "the worker threads per push sync (a `ThreadMXBean` harness, 3 x 1,000 push syncs, load average 2 to "
            + "7): 1.21 -> 0.99 ms. What remains in the guest: json-as parsing the bodies (about 10 %), result "
            + "serialisation (7 %) and the collector; on the host `HttpBridge.handle` is 25 % of worker samples (11 % "
            + "the JDK HTTP client), and the envelope's `ok` value, re-written through a generator (7 to 11 %), is "
            + "now cut from the guest's bytes (05767a5). Still not done: the PDK's one-pass reader of operation "
            + "input (its syntax check was under 1 % in every profile) and a guest-side JSON writer into one buffer.";

    private static final String WASM_OVERHEAD_SPLIT =
            "**WASM overhead, where the rest goes** (2026-12-03, night; thread CPU time per block of 50 push syncs "
            + "and JFR at 1 ms, load average 1 to 4). Per push sync the whole process spent about 3.2 ms of CPU "
            + "with the WASM plugin and 2.4 ms with the direct client. Most of the difference is the plugin's own "
            + "work: 1.15 ms on the sandbox's worker threads (guest code, the host's HTTP bridge and the calling "
            + "side of the HTTP exchange) against 0.43 ms for the direct client on its calling thread (the table "
            + "above gives this run's figures); the JDK HTTP client's own threads (about 0.5 ms), FakeJira (about "
            + "0.65 ms) and the engine (about 0.5 ms) cost the same either way. Of the worker samples, 30 % are "
            + "host calls (of those, 43 % the HTTP exchange itself; then the JSON syntax check of the body 3.4 %, the "
            + "secret scrub 3.3 %, reading the guest's request and writing the response head 3 %) and 70 % guest "
            + "code: json-as parsing (`JSON.Value.parseSliceBits` 16 % and `deserializeObject` 16 % inclusive, "
            + "overlapping; its SWAR value scans 10 %), allocation and the collector (about a fifth), the mapping to "
            + "Zen (`toZen` 20 %, run once per plugin call). Ruled out by measurement: the hand-off to a worker "
            + "thread (guest code run on the calling thread instead, in an experiment: 1.46x and 1.45x at P50 "
            + "against 1.41x and 1.44x), the Java 17 compiler directive (switched off: 1.43x at P50 in two runs, "
            + "against 1.43x and 1.47x with it), methods too large for "
            + "the JIT (the largest generated method has 6,143 bytes of bytecode, below HotSpot's 8,000), a "
            + "same-thread executor for the JDK HTTP client (no change in its threads' CPU), and the Java version "
            + "(Java 25, which needs none of the Java 17 workarounds, two runs alternating with two on Java 17: plugin "
            + "CPU 0.95 and 0.99 ms against 1.21 and 1.06 ms, the ratio 1.33x and 1.32x at P50 against 1.36x and "
            + "1.40x: a tenth less, not the gap). Since 935eea1 the scrub skips a position whose next character no "
            + "secret form can continue with (7.0 -> 6.5 us per 3.4 KB Jira body, a microbenchmark) and the bridge "
            + "keeps the credential's Authorization header. Reaching 1.15x needs the guest's JSON work about 2.5 "
            + "times cheaper: a reader over the body's bytes that builds no slot arrays or boxed values, and a "
            + "writer into one buffer, in place of json-as (both plugins use its `JSON.Obj` throughout). The Java 17 "
            + "workarounds are gone from the pre-compiled plugins since 2026-12-04 (below).";

    private static final String WASM_OVERHEAD_GUEST3 =
            "**WASM overhead, third round** (2026-12-03, branch perf-guest2 merged in 301e448). The Jira plugin reads "
            + "the changelog once, forward, from the body's text with the PDK's new `JsonReader` (json-as had parsed "
            + "each of its levels separately, scanning the deeper text again at each), writes the item's `raw` copy "
            + "from the text Jira sent (`sourceCopy`) instead of serialising the parsed issue again, converts a "
            + "description read twice in one push sync once (a two-entry cache keyed by the description's JSON "
            + "text; the suite gives every seeded issue its own description since 0b0a59d, so it cannot hit "
            + "across issues); the PDK writes the result envelope while encoding it to UTF-8 and reads the host's "
            + "HTTP envelope without building objects. Worker samples in alternating JFR pairs of the latency "
            + "measure fell in five of six pairs (guest samples outside the HTTP call 17 to 26 % fewer; the sixth "
            + "pair, at load average 6 to 8, showed none); `JSON.Value.parseSliceBits` went from about 13 to 8 % "
            + "of worker samples. Alternating latency runs of the jars before and after (3 + 3, load average 1.7 "
            + "to 3.3): plugin CPU per push sync 1.08 to 1.12 -> 0.99 to 1.06 ms, the ratio at P50 1.40x to 1.43x "
            + "-> 1.35x to 1.37x. What remains in the guest: `toZen` about 17 % (parsing `fields`, and the "
            + "description on the read), the collector and allocator about 20 % (json-as sizes its key and slot "
            + "buffers from the source length, which is most of the zeroing), result write about 4 %, response "
            + "parse about 3 %.";

    private static final String JIT_WORKAROUNDS =
            "**Java 17 workarounds out of the pre-compiled code** (2026-12-04). The pre-compiled classes called "
            + "Chicory's eight unsigned comparisons out of line (the JIT directive forbade inlining them), `i32.ge_u` "
            + "and `memory.copy` through Chicory's deliberately megamorphic `MemCopyWorkaround` (3.3 % of worker "
            + "samples in its `i32_ge_u` alone), and every cold start added the directive through JMX (194 JMX "
            + "classes, 70 to 90 ms of CPU) and ran the workaround's 1,000-step warm-up. The plugins' builds now "
            + "rewrite the classes (plugins/tools/InlineUnsignedComparisons.java): the comparisons go to a helper "
            + "that compares signed and flips the answer when the signs differ, which C2 inlines without the "
            + "miscompile (JIT probe, Java 17 JIT probe section), and the registry adds the directive only for "
            + "plugins compiled at run time. Chicory's proposed fix (`a + MIN_VALUE` on both sides, dylibso/chicory "
            + "pull request 1084) was tried first: C2 makes it the same unsigned compare node, and every probe round "
            + "was corrupted. Old and new jars alternating (load average 1.3 to 5): `main` to an open plugin in a "
            + "fresh JVM 387 -> 330 ms mean over 12 children each, process CPU 757 -> 647 ms; the cold-only suite "
            + "P50 367 -> 316 ms, with AppCDS 210 -> 175 ms, with the CLI recipe (C1 only, which never needed the "
            + "directive) 139 -> 136 ms; plugin CPU per push sync 0.95 to 1.02 -> 0.92 to 0.94 ms in three "
            + "alternating latency runs each, the WASM/direct ratio within its noise (1.31x to 1.44x -> 1.32x to "
            + "1.34x at P50). What a cold start without flags still spends, by class-load timeline: 1,831 "
            + "classes loaded before the first guest call, the first YAML parse (SnakeYAML and "
            + "jackson-dataformat-yaml, 95 classes), 110 lambda classes spun at first use (36 of them the "
            + "runtime's, 36 Chicory's), Chicory's instance checks, and C1 and C2 compiling JDK code on the second "
            + "core: about 0.65 s of CPU in about 0.4 s of wall time. The classpath counts too: discovery asks the "
            + "class loader for every jar's "
            + "plugin index, which opens each jar; the children run on the suite's classpath of 67 jars, and on the "
            + "23 a host of the Jira plugin needs (the library's runtime dependencies) the registry build took "
            + "148 instead of 180 ms (medians of 8 alternating children each), and with the CLI recipe (each "
            + "classpath with its own archive) `main` to an open plugin took 119 instead of 130 ms (medians of 10; "
            + "still above 100 ms). On Java 25 the rewrite made no "
            + "measurable difference (6 alternating latency pairs: plugin CPU 0.90 to 0.95 against 0.87 to 0.93 ms, "
            + "the ratio at P50 1.28x to 1.36x against 1.29x to 1.34x).";

    private static final String FLAT_MEMORY =
            "**Linear memory in one array** (2026-12-04). With the guest's own code out of reach (changing "
            + "`jira.wasm` needs the release key, see the closing notes of issue 22), a profile of the worker threads "
            + "showed about 15 % of their samples in memory accessors: Chicory 1.7's `ByteArrayMemory` keeps linear "
            + "memory in 64 KiB pages so that a shared memory can grow under concurrent readers, and every load and "
            + "store finds its page first. The runtime now gives unshared memories one `byte[]` (`FlatMemory`, "
            + "docs/plugin-runtime.md), checked against the memory's size on every access. A scratch loop of "
            + "`map_to_zen` on a 2.8 KB issue (20,000 warm calls a round, old and new runtime jar alternating, 3 "
            + "pairs): 79 to 81 -> 73 to 76 us per call in two pairs; in the third the old jar ran at 104 us and the "
            + "new at 77 to 82. An array exactly the memory's size, whose own bounds check "
            + "would be the only one, measured about 68 us but copies the whole memory on every `memory.grow`: a "
            + "module growing a page at a time up to its cap would copy it hundreds of times, so the capacity "
            + "doubles instead. Latency runs alternating (2 pairs): plugin CPU per push sync 1.36 and 1.22 -> 1.15 and "
            + "1.08 ms, the WASM/direct ratio at P50 1.72x and 1.37x -> 1.21x and 1.27x (this machine's noise is "
            + "large). The warm-load row (folder plugins compiled at run time) showed no clear difference in 3 "
            + "alternating pairs (P50 5.3 to 5.7 ms before, 5.3 to 5.9 ms after); an instance pays one more copy, "
            + "of 128 KiB, when the Jira plugin's start function grows its memory from 2 to 4 pages. Measured and "
            + "not done: compiled code without Chicory's interruption check at every loop and call (6 to 8 % less "
            + "per call, in a hacked jar) - that check is what stops a runaway guest at its timeout.";

    private static final String COLD_FLOOR =
            "**The floor under a cold start** (2026-12-04). This run's machine is slower than the one of the "
            + "earlier runs (a hello-world JVM takes 90 ms of wall time; `main` to an open plugin took 302 ms at P50 "
            + "in the full run of 05:51 UTC, 480 to 595 ms in three full runs on this machine, with no change on that "
            + "path in between). The section \"Floor under "
            + "a cold start\" measures what no code change can remove without start-up flags: a fresh JVM that only "
            + "loads the classes a cold start loads, in the same order, running none of them. In separate children "
            + "on this machine the 870 classes from the JDK's archive loaded in 19 ms, the 419 from the JDK's "
            + "modules in 40 ms and the 482 from the jars in 244 ms (182 to 198 ms with only the 14 jars that hold "
            + "them on the classpath): the jars' classes are read, inflated and defined by the JDK's class loader, "
            + "whose own code still runs in the interpreter at that point. The library would need to load about a "
            + "third of those classes for a 100 ms start on this machine, and Chicory's parser and runtime (121 "
            + "classes), jackson-core (85) and the runtime itself (67) are needed by any plugin start. With an "
            + "AppCDS archive the classes come parsed and verified from the archive, which is why only the recipe "
            + "rows come near the target.";

    private static final String DISCOVERY =
            "**Discovery of 200 folders**: before 5218c94, 91 % of a rescan was `ManifestParser.parse` "
            + "(Jackson YAML); unchanged manifests are now reused, so a rescan mostly lists folders and "
            + "reads files. The first scan in a JVM still pays Jackson's initialisation.";

    private static final String SCALING =
            "**Scaling**: before 0af7a51 and 1549bc5 the 10,000-task batch spent 35 % in FakeJira's key lookup "
            + "(a scan of every issue, 4 per push sync) and 16 % in the record stores' uniqueness check "
            + "(a scan of every record on each update), so batches grew quadratically (1.30x per task "
            + "from 1,000 to 10,000 tasks). Both are indexed now. At 10,000 vs 100,000 linked tasks (2026-12-03, "
            + "JFR of the whole scaling measure, load average 6 to 24): the setup, not the syncs, grew with n. "
            + "FakeJira filled its key index on each key's first lookup, after a scan of every issue, so "
            + "importing 100,000 issues spent 75 % of its CPU in that scan (`JiraState.find`); keys are now "
            + "indexed when an issue is stored. `YamlSyncRecordStore` checked an insert's external id, and "
            + "answered `findByExternal`, by reading every record file; its external index is now kept in "
            + "memory and brought up to date from a journal of link changes (`.links`, docs/storage.md), so "
            + "linking a task reads one record file. `ScopeSync` listed every record once per search page; "
            + "linked items are now found through the store's index. The timed syncs showed no store or engine "
            + "frame growing with n: with the in-memory stores the difference between the sizes is spread over "
            + "guest and JSON frames (noise); with the file stores the wall time is mostly `fsync` and `rename` "
            + "under the records folder's lock (`YamlSyncRecordStore.update`, one writer at a time), whose cost "
            + "did not depend on the folder's size in a direct test (atomic writes into folders of 10,000 and "
            + "100,000 files, alternating: the same within the disk's noise). Sizes measured one after the "
            + "other differed by up to 1.3x either way on this shared machine, hence the alternating rounds.";

    private static final String THROUGHPUT =
            "**Throughput** is CPU bound: the Throughput section gives the process CPU per push sync (engine, "
            + "plugin, HTTP client and FakeJira together) and the ceiling it implies on this machine; "
            + "the guest work above is the difference between the WASM and direct-Java figures.";

    private static final String NAGLE =
            "**FakeJira and Nagle**: the JDK `HttpServer` under FakeJira leaves `TCP_NODELAY` off, so each "
            + "response (headers, then body) waits for the client's delayed ACK: 28 ms of HTTP per push "
            + "sync instead of 6.7 ms, P95 69 ms instead of 22 ms (quick runs, same machine). The suite "
            + "runs with `-Dsun.net.httpserver.nodelay=true` (benchmarks/pom.xml); since 70d4adc FakeJira "
            + "sets it itself unless the JVM was started with the property.";

    private static final String MEMORY =
            "**Memory**: until 2026-12-03 the Jira instance's linear memory grew from 21 pages (1.3 MiB) after "
            + "`init` to 42 pages (2.6 MiB) by the 10th `get_task_data` and stayed there to the 2,000th (read from "
            + "the pooled instance's `memory().pages()`). 16 of those pages were json-as's serialisation-cache "
            + "arena, reserved at start even with its cache off; the plugins are now built with "
            + "`--use JSON_CACHE_SIZE=128` and an instance is under half a MiB after `init` "
            + "(`InstanceFootprintTest`: 1,310,720 bytes before). The memory rows above are this run's.";

    private Findings() {}

    static Report.Section section() {
        return new Report.Section("What limits the figures (profiled 2026-11-26 to 2026-12-04)", List.of(
                PROFILING, "", COLD_LOAD, "", COLD_LOAD_PRECOMPILED, "", COLD_LOAD_CONCURRENT, "", WARM_LOAD, "",
                WASM_OVERHEAD, "", WASM_OVERHEAD_CPU, "", WASM_OVERHEAD_SPLIT, "", WASM_OVERHEAD_GUEST3, "",
                JIT_WORKAROUNDS, "", FLAT_MEMORY, "", COLD_FLOOR, "", DISCOVERY, "", SCALING, "", THROUGHPUT, "",
                NAGLE, "", MEMORY, "", reproduce()));
    }

    /** How to take the profiles again. */
    static String reproduce() {
        return "To profile one measure: `mvn -q -ntp -pl benchmarks dependency:build-classpath "
                + "-Dmdep.outputFile=cp.txt`, then `java -Dsun.net.httpserver.nodelay=true "
                + "-XX:StartFlightRecording=filename=bench.jfr,settings=profile -cp benchmarks/target/classes:$(cat "
                + "benchmarks/cp.txt) dev.zen.integration.benchmarks.BenchmarkSuite --only=latency "
                + "--report=/tmp/b.md` and `jfr print --events jdk.ExecutionSample bench.jfr` (a settings file with "
                + "`jdk.ExecutionSample#period` at 1 ms gives ten times the samples). Guest functions appear as "
                + "`func_<index>`; their names are in the name section of a build of the same sources with `--debug` "
                + "(`plugins/build.sh`'s flags plus `--debug`), whose function indexes are the same.";
    }
}
