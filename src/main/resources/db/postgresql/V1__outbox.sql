-- The PostgreSQL store: the embedded store's schema (db/embedded), in PostgreSQL's types, plus the limits that
-- replicas share. Keep the two in step.
-- The outbox: one row per message, asynchronous (with its content until body retention) or a synchronous send's
-- record (no content). Times are UTC instants.
CREATE TABLE message (
    id              VARCHAR(36)    PRIMARY KEY,
    message_id      VARCHAR(300)   NOT NULL,
    api_key         VARCHAR(100),
    mode            VARCHAR(8)     NOT NULL,
    status          VARCHAR(16)    NOT NULL,
    sender          VARCHAR(254)   NOT NULL,
    recipients      VARCHAR(30000) NOT NULL,
    subject         VARCHAR(2000),
    draft           TEXT          ,
    size_bytes      BIGINT         NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    send_at         TIMESTAMP WITH TIME ZONE,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    expires_at      TIMESTAMP WITH TIME ZONE,
    finished_at     TIMESTAMP WITH TIME ZONE,
    attempts        INT            DEFAULT 0 NOT NULL,
    -- How long the last attempt took. A sent message's last attempt is read from the row, not the attempt table:
    -- one insert fewer per message.
    last_attempt_ms BIGINT,
    -- The claim: who holds the message, until when, and a token that changes with every claim, so that only the
    -- current holder's updates land (fencing).
    lease_owner     VARCHAR(64),
    lease_until     TIMESTAMP WITH TIME ZONE,
    lease_token     BIGINT         DEFAULT 0 NOT NULL,
    -- Set, durably, before the final dot of a transaction may go out: a claim found expired with it set may have
    -- been delivered, and is never re-sent automatically.
    handoff_at      TIMESTAMP WITH TIME ZONE,
    error_outcome   VARCHAR(32),
    error_message   VARCHAR(4000),
    error_code      INT,
    error_reply     VARCHAR(2000),
    body_deleted    BOOLEAN        DEFAULT FALSE NOT NULL
);
-- Every index is paid on every insert, and a synchronous send's record is an insert on the hot path's heels: three.
-- The due-time index serves claims (walked in order, after the finished messages' NULLs), recovery and the probes;
-- the creation indexes serve the list (per key, or all) and retention.
CREATE INDEX message_next_attempt ON message (next_attempt_at);
CREATE INDEX message_key_newest ON message (api_key, created_at);
CREATE INDEX message_newest ON message (created_at);

CREATE TABLE attempt (
    message_id  VARCHAR(36)   NOT NULL,
    seq         INT           NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome     VARCHAR(32)   NOT NULL,
    smtp_code   INT,
    smtp_reply  VARCHAR(2000),
    duration_ms BIGINT        NOT NULL,
    PRIMARY KEY (message_id, seq)
);

-- Attachment and inline content in 256 KB chunks, so that no message is ever held in memory whole.
CREATE TABLE message_part (
    message_id VARCHAR(36)       NOT NULL,
    part_no    INT               NOT NULL,
    chunk_no   INT               NOT NULL,
    data       BYTEA             NOT NULL,
    PRIMARY KEY (message_id, part_no, chunk_no)
);

-- The limits every replica shares (delivery.SharedLimits). The daily quota: messages handed to the provider per
-- account and day (in the quota's time zone), reserved before the send and given back if nothing was delivered.
CREATE TABLE quota_usage (
    account VARCHAR(100) NOT NULL,
    day     DATE         NOT NULL,
    used    INT          NOT NULL,
    PRIMARY KEY (account, day)
);

-- The provider rate limit: a rolling window of send slots per account, like the per-process limit it replaces on
-- this store. A slot is one row; the account's row in rate_account is locked while one is taken, so that replicas
-- take slots one at a time.
CREATE TABLE rate_account (
    account VARCHAR(100) PRIMARY KEY
);
CREATE TABLE rate_slot (
    account VARCHAR(100) NOT NULL,
    taken   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX rate_slot_taken ON rate_slot (account, taken);
