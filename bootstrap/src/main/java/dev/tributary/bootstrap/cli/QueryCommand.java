package dev.tributary.bootstrap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.domain.access.Right;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tributary query SOURCE AGGREGATION}: prints an aggregate as a table, read from a running Tributary. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Print the newest rows of one aggregation as a table.")
class QueryCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "Source name, e.g. orders")
    String source;

    @Parameters(index = "1", description = "Aggregation (table) name, e.g. orders_per_hour_by_country")
    String aggregation;

    @Option(names = "--limit", defaultValue = "20", description = "Rows to print (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--bucket", description = "Roll rows up to a coarser bucket than the aggregation's: hour or day.")
    String bucket;

    @Mixin
    ApiOptions api;

    @Inject
    LocalKeyFiles keys;

    @Override
    public Integer call() throws IOException, InterruptedException {
        HttpRequest request = api.request("/api/aggregates/" + enc(source) + "/" + enc(aggregation) + "?limit="
                + limit + (bucket == null ? "" : "&bucket=" + enc(bucket)), Right.READ, keys).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = new ObjectMapper().readTree(response.body());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            System.err.println(ApiOptions.refusedKey(body, Right.READ));
            return CliErrors.BAD_INPUT;
        }
        if (response.statusCode() != 200) {
            System.err.println(body.path("detail").asText("The pipeline answered " + response.statusCode() + "."));
            return CliErrors.FAILED;
        }
        List<String> columns = new ArrayList<>();
        body.get("columns").forEach(c -> columns.add(c.asText()));
        List<List<String>> rows = new ArrayList<>();
        body.get("rows").forEach(r -> {
            List<String> row = new ArrayList<>();
            r.forEach(v -> row.add(v.isNull() ? "" : v.asText()));
            rows.add(row);
        });
        System.out.print(TextTable.render(columns, rows));
        System.out.printf("(%d rows)%n", rows.size());
        return 0;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
