-- The embedded store's V2 (db/embedded), in PostgreSQL's types. The primary key is what lets replicas agree:
-- of two requests with one key, racing on two replicas, only one insert lands.
-- Idempotency-Key: one row per (API key, key value), stored with the request it first came with (a SHA-256
-- fingerprint) and, once known, the response it got, which later requests with the key are answered with. The
-- message is the first request's message: while the row has no response, the message's state says where it is.
-- scope is the API key's name, or '' where API keys are off.
CREATE TABLE idempotency_key (
    scope            VARCHAR(100)  NOT NULL,
    idem_key         VARCHAR(255)  NOT NULL,
    fingerprint      VARCHAR(64)   NOT NULL,
    message          VARCHAR(36),
    status_code      INT,
    response_headers VARCHAR(4000),
    response_body    TEXT,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_key_expires ON idempotency_key (expires_at);
