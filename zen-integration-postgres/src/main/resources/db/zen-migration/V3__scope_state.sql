-- Whole-project sync state (ScopeStateStore SPI): one row per provider, replaced whole by each committed page or
-- poll. The state is kept as jsonb; the columns beside it are what an operator queries.
CREATE TABLE zen_scope_state (
    provider       TEXT        PRIMARY KEY,
    bulk_complete  BOOLEAN     NOT NULL,
    watermark      TIMESTAMPTZ,
    updated_at     TIMESTAMPTZ NOT NULL,
    state          JSONB       NOT NULL
);
