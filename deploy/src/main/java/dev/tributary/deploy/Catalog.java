package dev.tributary.deploy;

import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.rules.StagedSchema;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.SourceDefinition;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.glue.CfnTable.ColumnProperty;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Athena over the staged zone, with no crawler: a Glue database with one table per source, its columns the source's
 * {@link StagedSchema} as the staged Parquet codec writes it ({@code _batch_id}, {@code _position}, then each field,
 * and a {@code keep} source's undeclared fields as the JSON text {@code _unknown_fields}), partitioned by
 * {@code dt}/{@code hour} through partition projection (the partitions are computed from the key layout, never
 * registered); and a workgroup whose results are encrypted in their own bucket. A deployed user queries staged data at
 * once: {@code SELECT count(*) FROM tributary.orders WHERE dt = '2025-06-01'}.
 */
final class Catalog extends Construct {
    static final String DATABASE = "tributary";
    /** The first day partition projection offers; days before it hold no data of a new deployment. */
    static final String FIRST_DAY = "2025-01-01";

    final CfnDatabase database;
    final List<CfnTable> tables = new ArrayList<>();
    final CfnWorkGroup workGroup;

    Catalog(Construct scope, String id, List<SourceDefinition> sources, Lake lake) {
        super(scope, id);
        String account = Stack.of(this).getAccount();
        database = CfnDatabase.Builder.create(this, "Database").catalogId(account)
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder().name(DATABASE)
                        .description("Tributary's staged zone: one table per source (Parquet, partition projection)")
                        .build())
                .build();
        for (SourceDefinition source : sources) {
            CfnTable table = table(account, source, lake.staged.getBucketName());
            table.getNode().addDependency(database);
            tables.add(table);
        }
        workGroup = CfnWorkGroup.Builder.create(this, "WorkGroup").name(DATABASE)
                .description("Queries over Tributary's staged zone; results encrypted, kept 30 days")
                .state("ENABLED").recursiveDeleteOption(true)
                .workGroupConfiguration(CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                        .enforceWorkGroupConfiguration(true).publishCloudWatchMetricsEnabled(true)
                        .resultConfiguration(CfnWorkGroup.ResultConfigurationProperty.builder()
                                .outputLocation("s3://" + lake.athenaResults.getBucketName() + "/results/")
                                .encryptionConfiguration(CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                        .encryptionOption("SSE_S3").build())
                                .build())
                        .build())
                .build();
    }

    private CfnTable table(String account, SourceDefinition source, String bucket) {
        String name = source.name().value();
        String location = "s3://" + bucket + "/" + Zone.STAGED.prefix() + "/source=" + name + "/";
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("classification", "parquet");
        parameters.put("tributary.schema.version", Integer.toString(source.schemaVersion()));
        parameters.put("projection.enabled", "true");
        parameters.put("projection.dt.type", "date");
        parameters.put("projection.dt.format", "yyyy-MM-dd");
        parameters.put("projection.dt.range", FIRST_DAY + ",NOW");
        parameters.put("projection.dt.interval", "1");
        parameters.put("projection.dt.interval.unit", "DAYS");
        parameters.put("projection.hour.type", "integer");
        parameters.put("projection.hour.range", "0,23");
        parameters.put("projection.hour.digits", "2");
        parameters.put("storage.location.template", location + "dt=${dt}/hour=${hour}/");
        return CfnTable.Builder.create(this, "Table" + name).catalogId(account).databaseName(DATABASE)
                .tableInput(CfnTable.TableInputProperty.builder()
                        .name(name).tableType("EXTERNAL_TABLE")
                        .description(source.title())
                        .parameters(parameters)
                        .partitionKeys(List.of(column("dt", "string"), column("hour", "string")))
                        .storageDescriptor(CfnTable.StorageDescriptorProperty.builder()
                                .location(location)
                                .columns(columns(StagedSchema.of(source)))
                                .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                                .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
                                .serdeInfo(CfnTable.SerdeInfoProperty.builder().serializationLibrary(
                                        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe").build())
                                .build())
                        .build())
                .build();
    }

    /** The staged schema's columns in Parquet order, typed as Athena reads ParquetStagedCodec's physical types. */
    static List<ColumnProperty> columns(StagedSchema schema) {
        List<ColumnProperty> columns = new ArrayList<>();
        columns.add(column(StagedSchema.BATCH_ID_COLUMN, "string"));
        columns.add(column(StagedSchema.POSITION_COLUMN, "int"));
        for (FieldSpec field : schema.fields()) {
            columns.add(column(field.name(), glueType(field)));
        }
        if (schema.keepsUnknownFields()) {   // JSON text: json_extract_scalar(_unknown_fields, '$["coupon"]')
            columns.add(column(StagedSchema.UNKNOWN_FIELDS_COLUMN, "string"));
        }
        return columns;
    }

    /** string → UTF-8 binary, integer → int64, decimal → int64 DECIMAL(18, scale), timestamp → int64 micros UTC. */
    static String glueType(FieldSpec field) {
        return switch (field.type()) {
            case STRING -> "string";
            case INTEGER -> "bigint";
            case DECIMAL -> "decimal(18," + field.scale() + ")";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "timestamp";
        };
    }

    private static ColumnProperty column(String name, String type) {
        return ColumnProperty.builder().name(name).type(type).build();
    }
}
