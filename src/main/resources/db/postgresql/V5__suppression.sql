-- The embedded store's V5 (db/embedded), in PostgreSQL's types.
-- The suppression list: one row per address, gateway-wide. address_key is how addresses compare (lower case, the
-- domain in punycode); address is as it was given. A removal leaves a tombstone (deleted_at) for a day, so that
-- replicas on PostgreSQL see it when they refresh their copy of the list.
CREATE TABLE suppression (
    address_key  VARCHAR(320)  PRIMARY KEY,
    address      VARCHAR(320)  NOT NULL,
    reason       VARCHAR(32)   NOT NULL,
    note         VARCHAR(1000),
    message      VARCHAR(36),
    diagnostic   VARCHAR(1000),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    created_by   VARCHAR(100),
    deleted_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX suppression_created ON suppression (created_at, address_key);
CREATE INDEX suppression_updated ON suppression (updated_at);

-- What an event carries besides the message's own fields: the dropped recipients of message.suppressed, the entry of
-- suppression.added and suppression.removed (whose "message" is a key of the address, for ordering).
ALTER TABLE message_event ADD COLUMN data TEXT;
