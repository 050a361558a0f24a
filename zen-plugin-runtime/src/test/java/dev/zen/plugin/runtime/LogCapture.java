package dev.zen.plugin.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/** An SLF4J binding for tests that records every event (with its MDC) so tests can assert on logs. */
@SuppressWarnings("exports") // a test class in the exported package; SLF4J's types need not be re-exported
public final class LogCapture implements SLF4JServiceProvider {
    /** One recorded event. */
    public record Event(String logger, Level level, String message, Map<String, String> mdc) {
    }

    private static final ConcurrentLinkedQueue<Event> EVENTS = new ConcurrentLinkedQueue<>();
    private static final boolean ECHO = Boolean.getBoolean("zen.test.echoLogs");
    private final MDCAdapter mdc = new BasicMDCAdapter();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final ILoggerFactory factory = Capturing::new;

    /** Forgets recorded events. */
    public static void clear() {
        EVENTS.clear();
    }

    /** Everything recorded since the last {@link #clear()}. */
    public static List<Event> events() {
        return new ArrayList<>(EVENTS);
    }

    /** Events of one logger. */
    public static List<Event> events(String logger) {
        return events().stream().filter(e -> e.logger().equals(logger)).toList();
    }

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
    }

    private static final class Capturing extends AbstractLogger {
        private static final long serialVersionUID = 1L;

        Capturing(String name) {
            this.name = name;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String msg, Object[] args,
                                                   Throwable t) {
            String text = MessageFormatter.basicArrayFormat(msg, args);
            Map<String, String> ctx = MDC.getCopyOfContextMap();
            EVENTS.add(new Event(name, level, text, ctx == null ? Map.of() : Map.copyOf(ctx)));
            if (ECHO) System.err.println(level + " " + name + " " + text);
        }

        @Override public boolean isTraceEnabled() { return false; }
        @Override public boolean isTraceEnabled(Marker marker) { return false; }
        @Override public boolean isDebugEnabled() { return true; }
        @Override public boolean isDebugEnabled(Marker marker) { return true; }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public boolean isInfoEnabled(Marker marker) { return true; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isWarnEnabled(Marker marker) { return true; }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public boolean isErrorEnabled(Marker marker) { return true; }
    }
}
