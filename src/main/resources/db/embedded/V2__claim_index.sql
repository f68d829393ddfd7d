-- Claims walk the due time in order and stop after a batch: messages waiting for tomorrow are never read.
CREATE INDEX message_next_attempt ON message (next_attempt_at);
