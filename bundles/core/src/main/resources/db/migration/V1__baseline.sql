-- Baseline of the Plugboard schema. Later migrations add resources, events and connections.
-- Plain SQL that H2 and PostgreSQL both accept.
CREATE TABLE plugboard_meta (
    meta_key   VARCHAR(64)  PRIMARY KEY,
    meta_value VARCHAR(255) NOT NULL
);
INSERT INTO plugboard_meta (meta_key, meta_value) VALUES ('schema', 'plugboard');
