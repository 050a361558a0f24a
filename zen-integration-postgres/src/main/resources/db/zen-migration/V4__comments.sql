-- Comments of the tasks in zen_task (PgTaskStore.comments(), TaskStore's optional comment capability).
-- A comment's id is 'c' || seq; zen_task_comment_next hands out seq per task, so an id is never reused.
CREATE TABLE zen_task_comment (
    task_id    text        NOT NULL,
    seq        bigint      NOT NULL,
    author     text        NOT NULL,
    body       text        NOT NULL,
    source     text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (task_id, seq)
);

CREATE TABLE zen_task_comment_next (
    task_id text   NOT NULL PRIMARY KEY,
    next    bigint NOT NULL
);
