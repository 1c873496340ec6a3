-- Two schemas (issue 14): "reports" for what people and BI tools read, "tributary" (this migration's default schema)
-- for what keeps those tables exact. A database from before them has the fixed tables in public: move them. On a
-- new database migrations 1-4 created them here already and these statements do nothing.
DO $$
BEGIN
    IF to_regclass('public.applied_batches') IS NOT NULL AND to_regclass('tributary.applied_batches') IS NULL THEN
        ALTER TABLE public.applied_batches SET SCHEMA tributary;
    END IF;
    IF to_regclass('public.idempotency_keys') IS NOT NULL AND to_regclass('tributary.idempotency_keys') IS NULL THEN
        ALTER TABLE public.idempotency_keys SET SCHEMA tributary;
    END IF;
END $$;

CREATE SCHEMA IF NOT EXISTS reports;
COMMENT ON SCHEMA reports IS
    'Tributary''s reports: one table per aggregation of a source, with only the columns a person reads, and the catalog view listing them. Read-only for BI tools through the role reports_reader.';
COMMENT ON SCHEMA tributary IS
    'Tributary''s internals: the applied-batch ledger, idempotency keys, side tables that keep distinct counts and averages exact, source definitions and the migration history. Not for reports.';

-- The read-only role a BI tool's login is granted. Roles are shared by every database of the server, so it may exist.
-- A user that may not create roles (some external servers) still gets its tables; the README says what to ask for.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reports_reader') THEN
        CREATE ROLE reports_reader NOLOGIN;
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'role reports_reader not created: this user may not create roles';
END $$;
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'reports_reader') THEN
        GRANT USAGE ON SCHEMA reports TO reports_reader;
        -- Tables created in reports later (a new aggregation) are readable at once; the store grants on the ones it
        -- creates too, as a rebuilt table moves in from another schema.
        ALTER DEFAULT PRIVILEGES IN SCHEMA reports GRANT SELECT ON TABLES TO reports_reader;
    END IF;
END $$;
REVOKE ALL ON SCHEMA tributary FROM PUBLIC;

-- Every definition of each source a pipeline started with: the latest start's is the one it runs (the catalog view);
-- replay compares a batch's version with the current one to know whether its records would be cleaned differently.
CREATE TABLE source_definitions (
    source        text        NOT NULL,
    version       text        NOT NULL,
    title         text        NOT NULL,
    description   text        NOT NULL,
    definition    text        NOT NULL,
    first_started timestamptz NOT NULL,
    last_started  timestamptz NOT NULL,
    PRIMARY KEY (source, version)
);
CREATE INDEX source_definitions_current ON source_definitions (source, last_started DESC);
COMMENT ON TABLE source_definitions IS 'Every definition of each source a pipeline started with; the latest started is the one running.';
COMMENT ON COLUMN source_definitions.source IS 'Name of the source.';
COMMENT ON COLUMN source_definitions.version IS 'Version of the definition: a fingerprint of its YAML content, changing with any rule, field or aggregation.';
COMMENT ON COLUMN source_definitions.title IS 'The source''s title.';
COMMENT ON COLUMN source_definitions.description IS 'What the source sends.';
COMMENT ON COLUMN source_definitions.definition IS 'The definition''s content as canonical JSON.';
COMMENT ON COLUMN source_definitions.first_started IS 'When a pipeline first started with this version.';
COMMENT ON COLUMN source_definitions.last_started IS 'When a pipeline last started with this version.';

-- One row per aggregate table in reports, for the catalog view.
CREATE TABLE report_tables (
    table_name  text PRIMARY KEY,
    source      text NOT NULL,
    title       text NOT NULL,
    description text NOT NULL,
    row_per     text NOT NULL
);
COMMENT ON TABLE report_tables IS 'Each aggregate table of the reports schema: which source fills it and what a row is.';
COMMENT ON COLUMN report_tables.table_name IS 'Name of the table in the reports schema.';
COMMENT ON COLUMN report_tables.source IS 'Name of the source whose records it aggregates.';
COMMENT ON COLUMN report_tables.title IS 'The aggregation''s title.';
COMMENT ON COLUMN report_tables.description IS 'What the table shows, as the table''s comment says.';
COMMENT ON COLUMN report_tables.row_per IS 'What one row covers: the time bucket and the dimensions.';

-- The ledger records which definition version aggregated each batch (a replay updates it).
ALTER TABLE applied_batches ADD COLUMN definition_version text;
COMMENT ON COLUMN applied_batches.definition_version IS
    'Version of the source definition whose rules cleaned the batch''s records (as the transform stamped it); empty for batches cleaned before versions were recorded.';

CREATE VIEW reports.catalog AS
SELECT t.source,
       d.title                AS source_title,
       t.table_name,
       t.title,
       t.description,
       t.row_per,
       d.version              AS definition_version,
       latest.received_at     AS last_received_at,
       latest.aggregated_at   AS last_aggregated_at
FROM report_tables t
LEFT JOIN LATERAL (SELECT s.title, s.version FROM source_definitions s WHERE s.source = t.source
                   ORDER BY s.last_started DESC LIMIT 1) d ON true
LEFT JOIN LATERAL (SELECT a.received_at, a.aggregated_at FROM applied_batches a
                   WHERE a.source = t.source ORDER BY a.aggregated_at DESC LIMIT 1) latest ON true;
COMMENT ON VIEW reports.catalog IS
    'Every report table: the source it comes from, what it shows, and how fresh it is (when the newest batch was received and aggregated).';
COMMENT ON COLUMN reports.catalog.source IS 'Name of the source whose records the table aggregates.';
COMMENT ON COLUMN reports.catalog.source_title IS 'The source''s title.';
COMMENT ON COLUMN reports.catalog.table_name IS 'Name of the table in this schema.';
COMMENT ON COLUMN reports.catalog.title IS 'What the table is called in the dashboard.';
COMMENT ON COLUMN reports.catalog.description IS 'What the table shows.';
COMMENT ON COLUMN reports.catalog.row_per IS 'What one row covers: the time bucket and the dimensions.';
COMMENT ON COLUMN reports.catalog.definition_version IS 'Version of the source definition the pipeline runs.';
COMMENT ON COLUMN reports.catalog.last_received_at IS 'When the source''s most recently aggregated batch was received.';
COMMENT ON COLUMN reports.catalog.last_aggregated_at IS 'When the source''s most recently aggregated batch reached the tables.';
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'reports_reader') THEN
        GRANT SELECT ON reports.catalog TO reports_reader;
    END IF;
END $$;
