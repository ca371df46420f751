-- Verified webhook deliveries (events), their deliveries to event sources, and every attempt.
-- Plain SQL that H2 and PostgreSQL both accept. Times are epoch milliseconds (UTC).

CREATE TABLE plugboard_event (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    integration_uid VARCHAR(36)   NOT NULL,
    provider        VARCHAR(63)   NOT NULL,
    delivery_id     VARCHAR(255)  NOT NULL,
    event_type      VARCHAR(255)  NOT NULL,
    received_at     BIGINT        NOT NULL,
    headers         VARCHAR(65535) NOT NULL,          -- JSON object, selected headers without secrets
    attributes      VARCHAR(65535) NOT NULL,          -- JSON object, the filter-field values event sources match
    body            BYTEA         NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    -- the dedupe key: a delivery id is stored once per integration (kept as long as the event)
    CONSTRAINT plugboard_event_delivery UNIQUE (integration_uid, delivery_id)
);
CREATE INDEX plugboard_event_received ON plugboard_event (received_at);

CREATE TABLE plugboard_delivery (
    id                  VARCHAR(36)   NOT NULL PRIMARY KEY,
    event_id            VARCHAR(36)   NOT NULL REFERENCES plugboard_event (id) ON DELETE CASCADE,
    event_source_uid    VARCHAR(36)   NOT NULL,
    event_source_org    VARCHAR(63)   NOT NULL,
    event_source_canvas VARCHAR(128)  NOT NULL,     -- '' for organization-wide
    event_source_name   VARCHAR(63)   NOT NULL,
    forward_url         VARCHAR(2048),
    status              VARCHAR(16)   NOT NULL,
    attempts            INTEGER       NOT NULL,
    next_attempt_at     BIGINT,                     -- NULL once delivered or dead
    lease_until         BIGINT                      -- set while a dispatcher works on it; cleared at startup
);
CREATE INDEX plugboard_delivery_due ON plugboard_delivery (next_attempt_at);
CREATE INDEX plugboard_delivery_event ON plugboard_delivery (event_id);

CREATE TABLE plugboard_attempt (
    delivery_id VARCHAR(36)   NOT NULL REFERENCES plugboard_delivery (id) ON DELETE CASCADE,
    attempt_no  INTEGER       NOT NULL,
    at          BIGINT        NOT NULL,
    status_code INTEGER,
    latency_ms  BIGINT        NOT NULL,
    error       VARCHAR(2000),
    PRIMARY KEY (delivery_id, attempt_no)
);
