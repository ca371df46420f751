-- Plugboard as an OpenID Connect issuer: the keys that sign the ID tokens its integrations present to providers.
-- Plain SQL that H2 and PostgreSQL both accept. Times are epoch milliseconds (UTC).
--
-- A key is published (in the JWKS) from created_at until published_until (NULL: while it signs), and signs from
-- signs_from until signs_until (NULL: until the next rotation). The private half is sealed with the data keys like
-- every secret (associated data: the kid).
CREATE TABLE plugboard_oidc_key (
    kid             VARCHAR(64)    NOT NULL PRIMARY KEY,
    algorithm       VARCHAR(16)    NOT NULL,
    public_jwk      VARCHAR(8000)  NOT NULL,          -- JSON, the public half as the JWKS shows it
    key_id          VARCHAR(64)    NOT NULL REFERENCES plugboard_encryption_key (key_id),
    sealed_jwk      VARCHAR(16000) NOT NULL,          -- base64(nonce | ciphertext | tag) of the private JWK
    created_at      BIGINT         NOT NULL,
    signs_from      BIGINT         NOT NULL,
    signs_until     BIGINT,
    published_until BIGINT
);
