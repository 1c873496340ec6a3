-- Lineage of an aggregate row finds the batches whose records' event times span the row's bucket, however long after
-- their events they were received (late data, redrives): the receive time alone never leads to older rows.
-- Batches applied before this migration keep NULL and are found by receive time, as before.
ALTER TABLE applied_batches
    ADD COLUMN first_event_at timestamptz,
    ADD COLUMN last_event_at  timestamptz,
    ADD CONSTRAINT applied_batches_event_range CHECK (
        (first_event_at IS NULL AND last_event_at IS NULL) OR first_event_at <= last_event_at);

-- GiST over the range (core PostgreSQL, no extension): an overlap lookup reads only the batches near the bucket,
-- for a bucket of last year as for the current one.
CREATE INDEX applied_batches_by_event_time ON applied_batches
    USING gist (tstzrange(first_event_at, last_event_at, '[]')) WHERE first_event_at IS NOT NULL;

COMMENT ON COLUMN applied_batches.first_event_at IS
    'Earliest event time among the batch''s clean records; empty when it had none or was applied before event times were recorded.';
COMMENT ON COLUMN applied_batches.last_event_at IS
    'Latest event time among the batch''s clean records; with first_event_at, which aggregate rows the batch may have added to.';
