-- The audit trail (AuditLog SPI): one row per change the engine wrote, appended, never updated.
-- The entry is kept whole as jsonb; the columns beside it are what queries filter and order on.
CREATE TABLE zen_audit (
    seq         BIGSERIAL   PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    task_id     TEXT,
    provider    TEXT,
    entry       JSONB       NOT NULL
);
CREATE INDEX zen_audit_task ON zen_audit (task_id, at);
CREATE INDEX zen_audit_at ON zen_audit (at);
