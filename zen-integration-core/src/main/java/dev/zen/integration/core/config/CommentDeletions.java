package dev.zen.integration.core.config;

import java.util.Locale;

/**
 * What happens to a copied comment when its original is deleted
 * ({@code integrations.providers.<name>.comment_deletions}); default {@link #KEEP}, since a deletion cannot be
 * undone.
 */
public enum CommentDeletions {
    /** The copy stays; the link between the two is forgotten. */
    KEEP,
    /** The copy is deleted too. */
    PROPAGATE;

    /** The YAML spelling: {@code keep}, {@code propagate}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
