-- Resources (Secret, Integration, EventSource), the data keys that encrypt secret values, and the values.
-- Plain SQL that H2 and PostgreSQL both accept. Times are epoch milliseconds (UTC).

CREATE TABLE plugboard_resource (
    uid          VARCHAR(36)      NOT NULL PRIMARY KEY,
    kind         VARCHAR(32)      NOT NULL,
    organization VARCHAR(63)      NOT NULL,
    canvas_id    VARCHAR(128)     NOT NULL,          -- '' for organization-wide resources
    name         VARCHAR(63)      NOT NULL,
    spec         VARCHAR(1000000) NOT NULL,          -- JSON; for a Secret only its key names
    status       VARCHAR(1000000) NOT NULL,          -- JSON
    generation   BIGINT           NOT NULL,
    created_at   BIGINT           NOT NULL,
    updated_at   BIGINT           NOT NULL,
    CONSTRAINT plugboard_resource_identity UNIQUE (kind, organization, canvas_id, name)
);

-- Data keys, each AES-256-GCM-wrapped by the master key (associated data: the key id). One is active.
CREATE TABLE plugboard_encryption_key (
    key_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    wrapped_key VARCHAR(512) NOT NULL,                -- base64(nonce | ciphertext | tag)
    created_at  BIGINT       NOT NULL,
    active      BOOLEAN      NOT NULL
);

-- Secret values, AES-256-GCM under a data key (associated data: resource uid and value key).
CREATE TABLE plugboard_secret_value (
    resource_uid VARCHAR(36)      NOT NULL REFERENCES plugboard_resource (uid) ON DELETE CASCADE,
    value_key    VARCHAR(253)     NOT NULL,
    key_id       VARCHAR(64)      NOT NULL REFERENCES plugboard_encryption_key (key_id),
    ciphertext   VARCHAR(1000000) NOT NULL,          -- base64(nonce | ciphertext | tag)
    PRIMARY KEY (resource_uid, value_key)
);
CREATE INDEX plugboard_secret_value_key ON plugboard_secret_value (key_id);
