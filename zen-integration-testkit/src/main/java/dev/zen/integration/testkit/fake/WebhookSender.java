package dev.zen.integration.testkit.fake;

import dev.zen.integration.testkit.internal.Threads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends a fake's webhook deliveries to the registered receivers, as the real service does: a JSON body, signed with
 * the subscription's secret ({@code sha256=} HMAC-SHA256 hex), with the service's headers and a delivery id that stays
 * the same on every retry. Jira style retries a failed delivery (5xx, 408, 429 or no answer) up to 5 attempts with
 * {@code X-Atlassian-Webhook-Retry} counting; GitHub style does not retry (GitHub never redelivers by itself).
 * Deliveries go out one at a time in the order made, unless a {@link DeliveryFault} drops, duplicates or delays one.
 * Part of the plumbing the fakes share; tests reach it through {@code FakeJira.webhook(...)} and
 * {@code FakeGitHub.webhook(...)}. Thread-safe.
 */
public final class WebhookSender implements AutoCloseable {
    /** Whose headers and retry policy to imitate. */
    public enum Style {
        /** Jira Cloud admin webhooks. */
        JIRA,
        /** GitHub repository webhooks. */
        GITHUB
    }

    /**
     * One attempt to deliver.
     *
     * @param deliveryId the delivery id (the same for retries and duplicates)
     * @param url        where it went
     * @param event      the event ({@code jira:issue_updated}, {@code issues})
     * @param attempt    1 for the first attempt
     * @param status     the receiver's HTTP status, or 0 when there was none (see {@code error}) or it was dropped
     * @param error      what went wrong without a status ({@code dropped}, an I/O error), or null
     */
    public record SentDelivery(String deliveryId, URI url, String event, int attempt, int status, String error) {}

    private record Subscription(URI url, byte[] secret) {}

    private record Delivery(String id, Subscription to, String event, byte[] body) {}

    private static final int JIRA_ATTEMPTS = 5;

    private final Style style;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final List<SentDelivery> sent = new CopyOnWriteArrayList<>();
    private final List<DeliveryFault> faults = new ArrayList<>();
    private final ScheduledExecutorService executor;
    private final HttpClient http;
    private Random random;
    private double probability;
    private List<DeliveryFault> randomChoices = List.of();
    private long occurrences;
    private int inFlight;
    private volatile Duration retryBackoff = Duration.ofMillis(200);

    /** A sender imitating {@code style}. */
    public WebhookSender(Style style) {
        this.style = Objects.requireNonNull(style, "style");
        this.executor = new ScheduledThreadPoolExecutor(1, Threads.daemon("fake-webhooks-" + style.name()));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Delivers every later event to {@code url}, signed with {@code secret} (null: unsigned, no signature header). */
    public void subscribe(URI url, String secret) {
        Objects.requireNonNull(url, "url");
        subscriptions.add(new Subscription(url, secret == null ? null : secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** Removes every subscription. */
    public void clearSubscriptions() {
        subscriptions.clear();
    }

    /** Whether any receiver is subscribed (a fake skips building payloads otherwise). */
    public boolean active() {
        return !subscriptions.isEmpty();
    }

    /** How long the first retry waits (then doubling). Default: 200 ms (the real services wait far longer). */
    public void retryBackoff(Duration backoff) {
        this.retryBackoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** Adds a scripted fault; the first that applies to a delivery wins. */
    public synchronized void inject(DeliveryFault fault) {
        faults.add(Objects.requireNonNull(fault, "fault"));
    }

    /** Applies one of {@code choices} to each delivery with {@code probability}, drawn with a {@code seed}ed generator. */
    public synchronized void injectRandomFaults(long seed, double probability, DeliveryFault... choices) {
        if (probability < 0 || probability > 1) throw new IllegalArgumentException("probability not in [0,1]");
        if (choices.length == 0) throw new IllegalArgumentException("give at least one fault");
        this.random = new Random(seed);
        this.probability = probability;
        this.randomChoices = List.of(choices);
    }

    /** Removes every fault. */
    public synchronized void clearFaults() {
        faults.clear();
        random = null;
    }

    /** Every attempt so far, in the order made. */
    public List<SentDelivery> sent() {
        return List.copyOf(sent);
    }

    /** Forgets the attempts recorded so far. */
    public void clearSent() {
        sent.clear();
    }

    /** Queues one delivery of {@code body} to every subscriber. */
    public void send(String event, byte[] body) {
        for (Subscription s : subscriptions) {
            Delivery d = new Delivery(UUID.randomUUID().toString(), s, event, body.clone());
            DeliveryFault fault = nextFault();
            if (fault != null && fault.kind() == DeliveryFault.Kind.DROP) {
                sent.add(new SentDelivery(d.id(), s.url(), event, 1, 0, "dropped"));
                continue;
            }
            long delay = fault != null && fault.kind() == DeliveryFault.Kind.DELAY ? fault.delay().toMillis() : 0;
            schedule(d, 1, delay);
            if (fault != null && fault.kind() == DeliveryFault.Kind.DUPLICATE) schedule(d, 1, 0);
        }
    }

    private synchronized DeliveryFault nextFault() {
        long n = ++occurrences;
        DeliveryFault chosen = faults.stream().filter(f -> f.appliesTo(n)).findFirst().orElse(null);
        if (random != null) {
            double roll = random.nextDouble();
            int pick = random.nextInt(randomChoices.size());
            if (chosen == null && roll < probability) chosen = randomChoices.get(pick);
        }
        return chosen;
    }

    private void schedule(Delivery d, int attempt, long delayMillis) {
        synchronized (this) {
            inFlight++;
        }
        executor.schedule(() -> attempt(d, attempt), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void attempt(Delivery d, int attempt) {
        try {
            int status = 0;
            String error = null;
            try {
                HttpResponse<Void> response = http.send(request(d, attempt), HttpResponse.BodyHandlers.discarding());
                status = response.statusCode();
            } catch (IOException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sent.add(new SentDelivery(d.id(), d.to().url(), d.event(), attempt, status, error));
            boolean retryable = status == 0 || status >= 500 || status == 408 || status == 429;
            if (retryable && style == Style.JIRA && attempt < JIRA_ATTEMPTS && !executor.isShutdown()) {
                schedule(d, attempt + 1, retryBackoff.toMillis() << (attempt - 1));
            }
        } finally {
            synchronized (this) {
                inFlight--;
                notifyAll();
            }
        }
    }

    private HttpRequest request(Delivery d, int attempt) {
        HttpRequest.Builder b = HttpRequest.newBuilder(d.to().url()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
        if (style == Style.JIRA) {
            b.header("User-Agent", "Atlassian Webhook HTTP Client").header("X-Atlassian-Webhook-Identifier", d.id())
                    .header("X-Atlassian-Webhook-Retry", String.valueOf(attempt - 1))
                    .header("X-Atlassian-Webhook-Flow", "Primary");
            if (d.to().secret() != null) b.header("X-Hub-Signature", sign(d.body(), d.to().secret()));
        } else {
            b.header("User-Agent", "GitHub-Hookshot/fake").header("X-GitHub-Delivery", d.id())
                    .header("X-GitHub-Event", d.event()).header("X-GitHub-Hook-ID", "1");
            if (d.to().secret() != null) b.header("X-Hub-Signature-256", sign(d.body(), d.to().secret()));
        }
        return b.build();
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} keyed with {@code secret}, as both services sign. */
    public static String sign(byte[] body, byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Waits until every queued delivery and retry has been attempted.
     *
     * @return false if {@code timeout} passed first
     */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (inFlight > 0) {
            long left = end - System.nanoTime();
            if (left <= 0) return false;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Stops sending; queued deliveries are dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
