-- OAuth2 connection attempts: started by an admin (ticket), logged in by a browser (state bound to a cookie),
-- completed by the callback. Only hashes (SHA-256, hex) of the ticket, state, browser cookie and sign-up token are
-- stored, so the table cannot be used to complete someone else's attempt. Times are epoch milliseconds (UTC).

CREATE TABLE plugboard_oauth_attempt (
    id            VARCHAR(36)   NOT NULL PRIMARY KEY,
    ticket_hash   VARCHAR(64),                        -- until the login page is opened (single use)
    state_hash    VARCHAR(64),                        -- from login until the callback (single use)
    browser_hash  VARCHAR(64),                        -- the login's cookie; the callback must present it
    signup_hash   VARCHAR(64),                        -- /integration/check-signup?token=
    provider      VARCHAR(63)   NOT NULL,
    type_ref      VARCHAR(200)  NOT NULL,
    name          VARCHAR(63)   NOT NULL,
    source        VARCHAR(63)   NOT NULL,
    organization  VARCHAR(63)   NOT NULL,
    canvas_id     VARCHAR(128)  NOT NULL,
    base_url      VARCHAR(2048),
    environment   VARCHAR(63),
    redirect_uri  VARCHAR(2048),
    code_verifier VARCHAR(128),                       -- PKCE; useless without the code and the client secret
    nonce         VARCHAR(64),
    status        VARCHAR(16)   NOT NULL,             -- PENDING | LOGIN | EXCHANGING | DONE | FAILED
    reason        VARCHAR(2000) NOT NULL,
    connection_uid VARCHAR(36),
    created_at    BIGINT        NOT NULL,
    expires_at    BIGINT        NOT NULL,
    CONSTRAINT plugboard_oauth_ticket UNIQUE (ticket_hash),
    CONSTRAINT plugboard_oauth_state UNIQUE (state_hash)
);
CREATE INDEX plugboard_oauth_signup ON plugboard_oauth_attempt (signup_hash);
