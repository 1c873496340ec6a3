-- Lineage of an aggregate row looks up a source's batches by the time they were received.
CREATE INDEX applied_batches_by_source_received ON applied_batches (source, received_at);
