-- Connections: credentials of a provider's connection type, made by a Form or OAuth2 source.
-- The stored object (JSON) is sealed as one value with AES-256-GCM under a data key (associated data: the uid).
-- Plain SQL that H2 and PostgreSQL both accept. Times are epoch milliseconds (UTC).

CREATE TABLE plugboard_connection (
    uid          VARCHAR(36)      NOT NULL PRIMARY KEY,
    organization VARCHAR(63)      NOT NULL,
    canvas_id    VARCHAR(128)     NOT NULL,          -- '' for organization-wide connections
    provider     VARCHAR(63)      NOT NULL,
    type_name    VARCHAR(63)      NOT NULL,
    type_version INTEGER          NOT NULL,
    name         VARCHAR(63)      NOT NULL,
    source       VARCHAR(63)      NOT NULL,
    state        VARCHAR(16)      NOT NULL,          -- Unknown | Healthy | Unhealthy | NeedsReauth
    reason       VARCHAR(2000)    NOT NULL,
    checked_at   BIGINT,
    subject      VARCHAR(100000)  NOT NULL,          -- JSON object of OpenID Connect claims
    key_id       VARCHAR(64)      NOT NULL REFERENCES plugboard_encryption_key (key_id),
    ciphertext   VARCHAR(1000000) NOT NULL,          -- base64(nonce | ciphertext | tag) of the stored JSON object
    row_version  BIGINT           NOT NULL,          -- +1 on every change of the stored object (optimistic writes)
    created_at   BIGINT           NOT NULL,
    updated_at   BIGINT           NOT NULL,
    CONSTRAINT plugboard_connection_identity UNIQUE (provider, type_name, type_version, organization, canvas_id, name)
);
CREATE INDEX plugboard_connection_key ON plugboard_connection (key_id);
