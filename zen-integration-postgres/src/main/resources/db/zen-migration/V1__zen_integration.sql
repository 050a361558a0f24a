-- Zen Integration on PostgreSQL, schema version 1. Applied by Flyway when PostgresStores is built; Flyway takes a
-- PostgreSQL advisory lock while migrating, so several instances starting at once apply it exactly once.

-- One row per linked task (the spec's TaskSyncRecord). The whole record, with its queued changes (the offline
-- outbox) and its conflicts, is the jsonb document, written atomically under the optimistic version; the columns
-- beside it are the indexed facts: the two unique keys, the version, and what the outbox claim needs.
CREATE TABLE zen_sync_record (
    task_id              text        NOT NULL PRIMARY KEY,
    external_system      text        NOT NULL,
    external_id          text        NOT NULL,
    sync_direction       text        NOT NULL,
    status               text        NOT NULL,
    version              bigint      NOT NULL,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    last_sync_time       timestamptz,
    pending_count        integer     NOT NULL,
    conflict_count       integer     NOT NULL,
    record               jsonb       NOT NULL,
    -- an outbox delivery claimed by an instance until a lease runs out (FOR UPDATE SKIP LOCKED picks the rows)
    outbox_claimed_by    text,
    outbox_claimed_until timestamptz,
    CONSTRAINT zen_sync_record_external_key UNIQUE (external_system, external_id)
);
CREATE INDEX zen_sync_record_pending ON zen_sync_record (updated_at) WHERE pending_count > 0;

-- Tasks, for hosts that keep them in the database (PostgresStores.taskStore()).
CREATE TABLE zen_task (
    id         text        NOT NULL PRIMARY KEY,
    version    bigint      NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    task       jsonb       NOT NULL
);

-- A provider's request budget shared by every instance: a token bucket refilled continuously.
CREATE TABLE zen_rate_budget (
    name        text             NOT NULL PRIMARY KEY,
    tokens      double precision NOT NULL,
    refilled_at timestamptz      NOT NULL
);

-- A provider's circuit breaker shared by every instance.
CREATE TABLE zen_circuit_breaker (
    name       text        NOT NULL PRIMARY KEY,
    state      text        NOT NULL,
    failures   integer     NOT NULL,
    open_until timestamptz,
    updated_at timestamptz NOT NULL
);
