package dev.zen.integration.benchmarks;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of {@link JitProbe}'s child JVMs (chosen with {@code -Dslf4j.provider}): a plugin abort at
 * close is only logged by the runtime ({@code plugin aborted}, {@code cleanup of plugin ... failed}), so this
 * provider prints every warning and error to stdout and counts those about the plugin.
 */
public final class JitProbeLogs implements SLF4JServiceProvider {
    /** Warnings and errors other than the registry's one-time JIT warning. */
    static final AtomicInteger PROBLEMS = new AtomicInteger();

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();
    private final ILoggerFactory factory = ProbeLogger::new;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up
    }

    /** Prints warnings and errors; ignores the rest. */
    private static final class ProbeLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        ProbeLogger(String name) {
            this.name = name;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                Object[] arguments, Throwable throwable) {
            String text = MessageFormatter.basicArrayFormat(messagePattern, arguments);
            if (!name.endsWith("JitWorkaround")) PROBLEMS.incrementAndGet();
            System.out.println("LOG " + level + " " + name + " - " + text + (throwable == null ? "" : " " + throwable));
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return false;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
