-- A large webhook body is stored in pieces of 256 KiB (plugboard_event.body is then empty), written while it is read
-- from the spooled request and read back piece by piece: the server never needs a 25 MB array, nor H2 a 25 MB page,
-- to store one. Small bodies stay inline. body_size is NULL for events stored before this migration.
ALTER TABLE plugboard_event ADD COLUMN body_size BIGINT;
ALTER TABLE plugboard_event ADD COLUMN body_pieces INTEGER DEFAULT 0 NOT NULL;

CREATE TABLE plugboard_event_body (
    event_id VARCHAR(36) NOT NULL REFERENCES plugboard_event (id) ON DELETE CASCADE,
    seq      INTEGER     NOT NULL,
    piece    BYTEA       NOT NULL,
    PRIMARY KEY (event_id, seq)
);
