/**
 * The Zen plugin runtime: finds, verifies and runs sandboxed WebAssembly plugins on Chicory. Only
 * {@code dev.zen.plugin.runtime} is exported; {@code dev.zen.plugin.runtime.internal} is an implementation detail.
 */
module dev.zen.plugin.runtime {
    exports dev.zen.plugin.runtime;

    requires transitive dev.zen.integration.api;
    /* WasmPluginRegistry.Builder#httpClient takes a java.net.http.HttpClient. */
    requires transitive java.net.http;
    /* JitWorkaround reads the JVM's input arguments. */
    requires java.management;

    requires com.dylibso.chicory.wasm;
    requires com.dylibso.chicory.runtime;
    requires com.dylibso.chicory.compiler;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    /* RE2/J (linear-time regexes for manifest patterns). Its jar has no Automatic-Module-Name, so the module name
       is derived from the file name re2j-<version>.jar. */
    requires re2j;
    requires org.slf4j;
}
