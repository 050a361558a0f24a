package dev.zen.integration.testkit.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The faults to inject: scripted rules first, then random faults. Thread-safe. */
final class FaultPlan {
    private static final class Scripted {
        final FaultRule rule;
        long seen;

        Scripted(FaultRule rule) {
            this.rule = rule;
        }
    }

    private record RandomFaults(Random random, double probability, List<Fault> faults) {}

    private final List<Scripted> rules = new ArrayList<>();
    private RandomFaults random;

    synchronized void add(FaultRule rule) {
        if (rule.fault() == null) throw new IllegalArgumentException("the rule has no fault; call respond(...)");
        rules.add(new Scripted(rule));
    }

    synchronized void random(long seed, double probability, List<Fault> faults) {
        if (probability < 0 || probability > 1) throw new IllegalArgumentException("probability not in [0,1]");
        if (faults.isEmpty()) throw new IllegalArgumentException("give at least one fault");
        random = new RandomFaults(new Random(seed), probability, List.copyOf(faults));
    }

    synchronized void clear() {
        rules.clear();
        random = null;
    }

    /** The fault for this request, or null. Every matching rule counts the request, even if an earlier one fires. */
    synchronized Fault decide(String method, String path) {
        Fault chosen = null;
        for (Scripted s : rules) {
            if (!s.rule.matches(method, path)) continue;
            s.seen++;
            if (chosen == null && s.rule.firesOn(s.seen)) chosen = s.rule.fault();
        }
        if (random != null) {
            // always draw twice so the sequence depends only on the number of requests, not on earlier outcomes
            double roll = random.random().nextDouble();
            int pick = random.random().nextInt(random.faults().size());
            if (chosen == null && roll < random.probability()) chosen = random.faults().get(pick);
        }
        return chosen;
    }
}
