package dev.zen.integration.core.webhook;

import dev.zen.integration.SyncReport;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A target that records each batch it is asked to sync. */
final class RecordingTarget implements WebhookTarget {
    record Call(String provider, List<String> externalIds) {}

    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();

    @Override
    public SyncReport sync(String provider, List<String> externalIds) {
        calls.add(new Call(provider, externalIds));
        Instant now = Instant.now();
        return new SyncReport("s-" + calls.size(), SyncReport.Status.COMPLETED, false, now, now, List.of());
    }

    /** The next batch, waiting up to 10 s for the receiver's thread. */
    Call next() throws InterruptedException {
        Call c = calls.poll(10, TimeUnit.SECONDS);
        if (c == null) throw new AssertionError("no sync within 10 s");
        return c;
    }

    /** A batch that arrived within {@code millis}, or null. */
    Call poll(long millis) throws InterruptedException {
        return calls.poll(millis, TimeUnit.MILLISECONDS);
    }
}
