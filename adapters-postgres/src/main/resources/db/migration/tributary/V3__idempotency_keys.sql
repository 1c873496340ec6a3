CREATE TABLE idempotency_keys (
    source        text        NOT NULL,
    key_sha256    text        NOT NULL,
    batch_id      uuid        NOT NULL,
    remembered_at timestamptz NOT NULL,
    PRIMARY KEY (source, key_sha256)
);
CREATE INDEX idempotency_keys_remembered_at ON idempotency_keys (remembered_at);

COMMENT ON TABLE idempotency_keys IS
    'Which batch a producer''s Idempotency-Key got: a retry with the same key for the same source gets the same batch back, so it is counted once.';
COMMENT ON COLUMN idempotency_keys.source IS 'The source the batch was posted to.';
COMMENT ON COLUMN idempotency_keys.key_sha256 IS 'SHA-256 of the Idempotency-Key header (the key itself is never stored).';
COMMENT ON COLUMN idempotency_keys.batch_id IS 'The batch id the first post with this key received.';
COMMENT ON COLUMN idempotency_keys.remembered_at IS 'When the key was first seen; it is forgotten after the retention window.';
