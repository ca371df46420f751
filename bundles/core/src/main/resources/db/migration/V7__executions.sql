-- Executions: one run of a provider's action through an integration. Plain SQL that H2 and PostgreSQL both accept.
-- Times are epoch milliseconds (UTC).

CREATE TABLE plugboard_execution (
    id               VARCHAR(36)    NOT NULL PRIMARY KEY,
    organization     VARCHAR(63)    NOT NULL,
    canvas_id        VARCHAR(128)   NOT NULL,         -- '' for organization-wide
    integration_uid  VARCHAR(36)    NOT NULL,
    integration_name VARCHAR(63)    NOT NULL,
    provider         VARCHAR(63)    NOT NULL,
    action           VARCHAR(63)    NOT NULL,
    state            VARCHAR(16)    NOT NULL,         -- PENDING | RUNNING | PASSED | FAILED | ERROR | CANCELLED
    input            VARCHAR(65535) NOT NULL,         -- JSON object as given: expressions unresolved, secrets masked
    provider_ids     VARCHAR(4000)  NOT NULL,         -- JSON object of strings: the provider's ids of the run
    outputs          VARCHAR(65535) NOT NULL,         -- JSON object
    reason           VARCHAR(2000),
    trigger_key      VARCHAR(200)   NOT NULL,         -- 'api:<id>' or 'source:<event source uid>/<event id>'
    trigger_text     VARCHAR(300)   NOT NULL,         -- 'api' or 'eventSource:<name>/<event id>'
    attempts         INTEGER        NOT NULL,         -- calls to start it
    in_flight        BOOLEAN        NOT NULL,         -- a start call is (or was, when the server died) under way
    next_at          BIGINT,                          -- PENDING: next start attempt; RUNNING: next poll; NULL when done
    created_at       BIGINT         NOT NULL,
    started_at       BIGINT,
    finished_at      BIGINT,
    updated_at       BIGINT         NOT NULL,
    -- an event starts at most one execution per event source, also after a crash or a replay
    CONSTRAINT plugboard_execution_trigger UNIQUE (trigger_key)
);
CREATE INDEX plugboard_execution_due ON plugboard_execution (state, next_at);
CREATE INDEX plugboard_execution_integration ON plugboard_execution (integration_uid, state);
CREATE INDEX plugboard_execution_created ON plugboard_execution (organization, created_at);
