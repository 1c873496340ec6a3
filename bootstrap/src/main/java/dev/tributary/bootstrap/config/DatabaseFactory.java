package dev.tributary.bootstrap.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tributary.adapters.postgres.JdbcAggregateRebuilds;
import dev.tributary.adapters.postgres.JdbcAggregateStore;
import dev.tributary.adapters.postgres.AppliedBatchRepository;
import dev.tributary.adapters.postgres.JdbcAppliedBatchLedger;
import dev.tributary.adapters.postgres.JdbcSchema;
import dev.tributary.adapters.local.db.EmbeddedDatabase;
import dev.tributary.application.port.out.AggregateRebuilds;
import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.bootstrap.runtime.AggregateTables;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;

/**
 * PostgreSQL for the aggregates: the configured URL (RDS or any server), else an embedded server whose data lives
 * under the storage directory. Tables are migrated and prepared by {@link AggregateTables}, the first step of every role that uses them.
 */
@Factory
class DatabaseFactory {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFactory.class);

    /** Started only when no URL is configured; stopped after the pool that uses it (reverse creation order). */
    @Singleton
    @Bean(preDestroy = "close")
    EmbeddedDatabase embeddedDatabase(DatabaseProperties db, StorageProperties storage) {
        EmbeddedDatabase embedded = EmbeddedDatabase.start(storage.database(), db.embeddedPort(), db.embeddedCommits());
        LOG.atInfo().addKeyValue("jdbcUrl", embedded.jdbcUrl()).addKeyValue("user", embedded.user())
                .addKeyValue("commits", db.embeddedCommits()).log("embedded PostgreSQL started");
        if (db.embeddedCommits() == EmbeddedDatabase.Commits.THROWAWAY) {
            LOG.atWarn().log("embedded PostgreSQL commits are not durable (TRIBUTARY_EMBEDDED_COMMITS=throwaway): "
                    + "a power loss can drop aggregates whose batches were already acknowledged");
        }
        return embedded;
    }

    /**
     * The connection pool, kept apart from the {@link DataSource} bean: Micronaut Data wraps every data source bean
     * in a transaction-aware proxy, and the pool itself is what is closed on stop.
     */
    @Singleton
    @Bean(preDestroy = "close")
    ConnectionPool connectionPool(DatabaseProperties db, BeanProvider<EmbeddedDatabase> embeddedDatabase) {
        HikariConfig config = new HikariConfig();
        if (db.embedded()) {
            EmbeddedDatabase embedded = embeddedDatabase.get();
            config.setJdbcUrl(embedded.jdbcUrl());
            config.setUsername(embedded.user());
        } else {
            config.setJdbcUrl(db.url());
            config.setUsername(db.user());
            config.setPassword(db.password());
            LOG.atInfo().addKeyValue("jdbcUrl", db.url().split("\\?", 2)[0]).log("using external PostgreSQL");
        }
        // the ledger rows of a group go in as one JDBC batch; the driver sends it as multi-row INSERTs
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.setMaximumPoolSize(db.poolSize());
        config.setConnectionTimeout(db.connectTimeout().toMillis());
        config.setPoolName("tributary");
        return new ConnectionPool(new HikariDataSource(config));
    }

    /** The data source Micronaut Data's repositories and transactions of {@link JdbcSchema#DATA_SOURCE} run on. */
    @Singleton
    @Named(JdbcSchema.DATA_SOURCE)
    DataSource dataSource(ConnectionPool pool) {
        return pool.hikari();
    }

    @Singleton
    AggregateStore aggregateStore(@Named(JdbcSchema.DATA_SOURCE) DataSource dataSource,
                                  @Named(JdbcSchema.DATA_SOURCE) TransactionOperations<Connection> transactions,
                                  AppliedBatchRepository ledger) {
        return new JdbcAggregateStore(dataSource, transactions, ledger);
    }

    @Singleton
    AggregateRebuilds aggregateRebuilds(@Named(JdbcSchema.DATA_SOURCE) TransactionOperations<Connection> transactions) {
        return new JdbcAggregateRebuilds(transactions);
    }

    @Singleton
    AppliedBatchLedger appliedBatchLedger(AppliedBatchRepository ledger) {
        return new JdbcAppliedBatchLedger(ledger);
    }

    @Singleton
    AggregateTables aggregateTables(AggregateStore store, SourceCatalog sources) {
        return new AggregateTables(store, sources);
    }

    /** Hikari's pool, closed after every bean that borrows from it (reverse creation order). */
    record ConnectionPool(HikariDataSource hikari) implements AutoCloseable {
        @Override
        public void close() {
            hikari.close();
        }
    }
}
