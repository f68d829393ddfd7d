-- Which SMTP account a message, and each of its attempts, went through (several accounts with failover).
ALTER TABLE message ADD COLUMN account VARCHAR(64);
ALTER TABLE attempt ADD COLUMN account VARCHAR(64);
