-- A report table whose aggregation no source declares any more (removed or renamed in the YAML) keeps its rows, as
-- history someone may still need, but the pipeline no longer fills it: each start marks it so (its comment says the
-- same), and the catalog says since when instead of showing its source's freshness as the table's.
ALTER TABLE report_tables ADD COLUMN no_longer_filled_since timestamptz;
COMMENT ON COLUMN report_tables.no_longer_filled_since IS
    'When a pipeline first started without any source declaring this table''s aggregation; empty while one does.';

CREATE OR REPLACE VIEW reports.catalog AS
SELECT t.source,
       d.title                AS source_title,
       t.table_name,
       t.title,
       t.description,
       t.row_per,
       d.version              AS definition_version,
       latest.received_at     AS last_received_at,
       latest.aggregated_at   AS last_aggregated_at,
       t.no_longer_filled_since
FROM report_tables t
LEFT JOIN LATERAL (SELECT s.title, s.version FROM source_definitions s WHERE s.source = t.source
                   ORDER BY s.last_started DESC LIMIT 1) d ON true
LEFT JOIN LATERAL (SELECT a.received_at, a.aggregated_at FROM applied_batches a
                   WHERE a.source = t.source AND a.aggregated_at < coalesce(t.no_longer_filled_since, 'infinity')
                   ORDER BY a.aggregated_at DESC LIMIT 1) latest ON true;
COMMENT ON COLUMN reports.catalog.last_received_at IS
    'When the source''s most recently aggregated batch was received (for a table no longer filled: the last one before).';
COMMENT ON COLUMN reports.catalog.last_aggregated_at IS
    'When the source''s most recently aggregated batch reached the tables (for a table no longer filled: the last one before).';
COMMENT ON COLUMN reports.catalog.no_longer_filled_since IS
    'Empty while the pipeline fills the table; else since when no source declares its aggregation (its rows are kept: drop the table when no report needs them).';
