-- Reading bounces from the sending mailboxes. Per account and folder: the folder's UIDVALIDITY and the last UID read,
-- so that a restart neither misses nor re-reads; who reads it (a lease, one reader across replicas); and how the last
-- read went, for readiness.
CREATE TABLE mailbox_progress (
    account         VARCHAR(64)   NOT NULL,
    folder          VARCHAR(200)  NOT NULL,
    uid_validity    BIGINT,
    last_uid        BIGINT        DEFAULT 0 NOT NULL,
    lease_owner     VARCHAR(64),
    lease_until     TIMESTAMP WITH TIME ZONE,
    last_success_at TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(2000),
    PRIMARY KEY (account, folder)
);

-- What happened to a recipient after its server accepted the message: only the exceptions are stored (bounced,
-- delayed), so a plain sent message costs no row.
CREATE TABLE recipient_result (
    message      VARCHAR(36)   NOT NULL,
    address_key  VARCHAR(320)  NOT NULL,
    address      VARCHAR(320)  NOT NULL,
    status       VARCHAR(16)   NOT NULL,
    bounce_type  VARCHAR(8),
    smtp_status  VARCHAR(16),
    diagnostic   VARCHAR(1000),
    at           TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (message, address_key)
);

-- Soft bounces per address, counted within mailgate.bounces.soft-bounce-window before an address is suppressed.
CREATE TABLE soft_bounce (
    address_key  VARCHAR(320)  NOT NULL,
    message      VARCHAR(36)   NOT NULL,
    at           TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (address_key, message)
);
CREATE INDEX soft_bounce_at ON soft_bounce (address_key, at);

-- A bounce, and a search, name the Message-ID a message went out with. Its local part is mailgate's id, except for a
-- relayed message, which keeps its client's own: those are found through this table, so that no index on
-- message_id has to be kept up on every insert of the hot path. A client that sends one message twice has two rows.
CREATE TABLE message_alias (
    message_id  VARCHAR(300)  NOT NULL,
    message     VARCHAR(36)   NOT NULL,
    PRIMARY KEY (message_id, message)
);
