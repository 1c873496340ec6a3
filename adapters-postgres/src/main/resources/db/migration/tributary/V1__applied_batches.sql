-- The applied-batch ledger (invariant 2): one row per batch that reached the aggregates, written in the same
-- transaction as the batch's aggregate upserts. It also keeps the batch's lineage (invariant 7).
CREATE TABLE applied_batches (
    batch_id         uuid        PRIMARY KEY,
    source           text        NOT NULL,
    raw_records      int,
    clean_records    int,
    rejected_records int,
    received_at      timestamptz NOT NULL,
    raw_written_at   timestamptz,
    transformed_at   timestamptz,
    staged_at        timestamptz,
    aggregated_at    timestamptz NOT NULL,
    schema_version   int,
    raw_object       text        NOT NULL,
    staged_object    text        NOT NULL
);

CREATE INDEX applied_batches_recent ON applied_batches (aggregated_at DESC, batch_id DESC);
CREATE INDEX applied_batches_by_source ON applied_batches (source, aggregated_at DESC);

COMMENT ON TABLE applied_batches IS
    'Every batch that reached the aggregate tables, once. Written in the same transaction as the aggregates, so a batch delivered twice counts once. Also records where each batch came from and when each stage finished.';
COMMENT ON COLUMN applied_batches.batch_id IS 'The batch''s id (a time-ordered UUIDv7), assigned when the batch was received.';
COMMENT ON COLUMN applied_batches.source IS 'Name of the source that sent the batch.';
COMMENT ON COLUMN applied_batches.raw_records IS 'Number of records in the batch as received.';
COMMENT ON COLUMN applied_batches.clean_records IS 'Number of records that passed cleaning.';
COMMENT ON COLUMN applied_batches.rejected_records IS 'Number of records that failed cleaning and went to quarantine.';
COMMENT ON COLUMN applied_batches.received_at IS 'When the ingest API accepted the batch.';
COMMENT ON COLUMN applied_batches.raw_written_at IS 'When the batch was written to the raw zone of the lake.';
COMMENT ON COLUMN applied_batches.transformed_at IS 'When the batch was cleaned and written to the transformed zone.';
COMMENT ON COLUMN applied_batches.staged_at IS 'When the batch was written to the staged zone as Parquet.';
COMMENT ON COLUMN applied_batches.aggregated_at IS 'When the batch was added to the aggregate tables.';
COMMENT ON COLUMN applied_batches.schema_version IS 'Version of the source''s staged schema the batch was written with.';
COMMENT ON COLUMN applied_batches.raw_object IS 'Lake path of the batch as received (raw zone).';
COMMENT ON COLUMN applied_batches.staged_object IS 'Lake path of the batch''s Parquet object (staged zone).';
