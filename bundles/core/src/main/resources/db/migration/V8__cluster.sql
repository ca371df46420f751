-- Several nodes on one database (PostgreSQL): who is there, who runs the scheduled work, who works a delivery, values
-- handed from one node to another, and the events every node streams. Plain SQL that H2 and PostgreSQL both accept.
-- Times are epoch milliseconds (UTC).

-- One row per running node: written at start, its heartbeat every few seconds, deleted at a clean shutdown.
CREATE TABLE plugboard_node (
    id           VARCHAR(200)  NOT NULL PRIMARY KEY,
    started_at   BIGINT        NOT NULL,
    heartbeat_at BIGINT        NOT NULL,
    version      VARCHAR(63)   NOT NULL,
    database     VARCHAR(63)   NOT NULL          -- the product name the node connected to (H2, PostgreSQL)
);

-- Scheduled work that runs on one node at a time (token refresh, probes, purge, provisioning, execution polling):
-- the node holding the unexpired lease runs it, and renews it while it runs.
CREATE TABLE plugboard_task_lease (
    task        VARCHAR(100)  NOT NULL PRIMARY KEY,
    owner       VARCHAR(200)  NOT NULL,
    until_at    BIGINT        NOT NULL
);

-- The node whose dispatcher holds a delivery's lease (lease_until); a node releases only its own.
ALTER TABLE plugboard_delivery ADD COLUMN lease_owner VARCHAR(200);

-- Values one request stores and a later one (perhaps on another node) reads: OAuth values shown once, install states.
-- Sealed with the data keys like every secret; deleted when taken, and when expired.
CREATE TABLE plugboard_shared_value (
    kind        VARCHAR(63)    NOT NULL,
    id          VARCHAR(200)   NOT NULL,
    key_id      VARCHAR(36)    NOT NULL,
    sealed      VARCHAR(65535) NOT NULL,
    expires_at  BIGINT         NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX plugboard_shared_value_expiry ON plugboard_shared_value (expires_at);

-- Events a node hands to the others (PostgreSQL NOTIFY carries at most 8000 bytes): a notification too large to
-- travel whole names its row here. Deleted a minute later.
CREATE TABLE plugboard_bus_message (
    id          VARCHAR(36)   NOT NULL PRIMARY KEY,
    payload     BYTEA         NOT NULL,
    created_at  BIGINT        NOT NULL
);
