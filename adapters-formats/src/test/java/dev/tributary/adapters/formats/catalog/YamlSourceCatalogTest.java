package dev.tributary.adapters.formats.catalog;

import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlSourceCatalogTest {

    @Test
    void readsTheFilesAClasspathIndexLists() {
        List<SourceText> texts = SourceText.readClasspath(getClass().getClassLoader(), "classpath-sources");

        YamlSourceCatalog catalog = new YamlSourceCatalog(texts);

        assertThat(texts).extracting(SourceText::origin).containsExactly("classpath:classpath-sources/orders.yml",
                "classpath:classpath-sources/shipments.yml");
        assertThat(catalog.all()).extracting(SourceDefinition::name)
                .containsExactly(new SourceName("orders"), new SourceName("shipments"));
    }

    @Test
    void readsOnlyYamlFilesOfADirectoryAndOrdersSourcesByName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("b.yml"), SourceFileValidatorTest.ORDERS);
        Files.writeString(dir.resolve("a.yaml"), SourceFileValidatorTest.ORDERS.replace("name: orders", "name: baskets")
                .replace("table: orders_per_hour_by_country", "table: baskets_per_hour"));
        Files.writeString(dir.resolve("notes.txt"), "not a source");

        YamlSourceCatalog catalog = YamlSourceCatalog.fromDirectory(dir);

        assertThat(catalog.all()).extracting(s -> s.name().value()).containsExactly("baskets", "orders");
        assertThat(catalog.find(new SourceName("orders"))).isPresent();
        assertThat(catalog.find(new SourceName("returns"))).isEmpty();
        assertThatThrownBy(() -> catalog.require(new SourceName("returns"))).isInstanceOf(UnknownSourceException.class);
    }

    @Test
    void refusesADirectoryWhoseFilesClash(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yml"), SourceFileValidatorTest.ORDERS);
        Files.writeString(dir.resolve("b.yml"), SourceFileValidatorTest.ORDERS);

        assertThatThrownBy(() -> YamlSourceCatalog.fromDirectory(dir))
                .isInstanceOf(InvalidSourcesException.class)
                .hasMessageContaining("b.yml:1:1: source 'orders' is already defined in");
    }

    @Test
    void aDirectoryFileNamingAShippedSourceReplacesIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("my-orders.yml"), SourceFileValidatorTest.ORDERS.replace(
                "title: Web shop orders", "title: Orders with the fixed range"));

        YamlSourceCatalog catalog = shippedAnd(dir);

        assertThat(catalog.all()).extracting(s -> s.name().value()).containsExactly("orders", "shipments");
        assertThat(catalog.require(new SourceName("orders")).title()).isEqualTo("Orders with the fixed range");
    }

    @Test
    void aDirectoryFileWithANewNameJoinsTheShippedOnes(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("baskets.yml"), SourceFileValidatorTest.ORDERS
                .replace("name: orders", "name: baskets")
                .replace("table: orders_per_hour_by_country", "table: baskets_per_hour"));

        YamlSourceCatalog catalog = shippedAnd(dir);

        assertThat(catalog.all()).extracting(s -> s.name().value()).containsExactly("baskets", "orders",
                "shipments");
        assertThat(catalog.require(new SourceName("orders")).description()).contains("posted by the shop backend");
    }

    @Test
    void aNewSourceTakingAShippedTableIsStillRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("baskets.yml"), SourceFileValidatorTest.ORDERS
                .replace("name: orders", "name: baskets"));

        assertThatThrownBy(() -> shippedAnd(dir)).isInstanceOf(InvalidSourcesException.class)
                .hasMessageContaining("aggregation table 'orders_per_hour_by_country' is already used by source");
    }

    /** The catalog of {@code dir} beside the test's classpath folder as the shipped sources (orders, shipments). */
    private YamlSourceCatalog shippedAnd(Path dir) {
        return YamlSourceCatalog.classpathAnd(getClass().getClassLoader(), "classpath-sources", dir);
    }
}
