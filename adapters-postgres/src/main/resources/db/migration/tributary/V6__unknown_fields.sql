-- Fields producers send that their source does not declare (schema evolution without silent loss): counted per source
-- and field name from each batch's lineage, in the same transaction as the batch's ledger row, so a batch delivered
-- twice counts once.
CREATE TABLE unknown_fields (
    source     text        NOT NULL,
    field      text        NOT NULL,
    records    bigint      NOT NULL,
    first_seen timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL,
    PRIMARY KEY (source, field)
);
CREATE INDEX unknown_fields_recent ON unknown_fields (last_seen DESC);

COMMENT ON TABLE unknown_fields IS
    'Input fields producers send that their source does not declare: how many records had each, first and last seen. A new field arriving shows here before anyone adds it to the source.';
COMMENT ON COLUMN unknown_fields.source IS 'The source the records were posted to.';
COMMENT ON COLUMN unknown_fields.field IS 'The field''s input name as sent (nested members as dotted names), cut to 64 characters.';
COMMENT ON COLUMN unknown_fields.records IS 'How many records had the field.';
COMMENT ON COLUMN unknown_fields.first_seen IS 'When the first batch with the field was received.';
COMMENT ON COLUMN unknown_fields.last_seen IS 'When the latest batch with the field was received.';
