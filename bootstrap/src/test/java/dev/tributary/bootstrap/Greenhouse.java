package dev.tributary.bootstrap;

import java.util.ArrayList;
import java.util.List;

/**
 * The replay tests' source: greenhouse temperature readings, first with a wrong rule set (Fahrenheit read as
 * Celsius, a range too tight for it), then fixed; and the posts they receive.
 */
final class Greenhouse {
    static final String SOURCE = "greenhouse";
    static final String TABLE = "climate_per_hour_by_room";
    static final String WRONG = rules("[{range: {min: -20, max: 40}}]");
    static final String FIXED = rules("[{convert: {from: fahrenheit, to: celsius}}, {range: {min: -40, max: 60}}]");

    private Greenhouse() {
    }

    /**
     * Batch i: three readings in °F over two rooms and two hours, one of them above 40 (the wrong range's limit),
     * every fifth batch one reading without a sensor (quarantined under both rules).
     */
    static List<String> posts(int first, int count) {
        List<String> bodies = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            long at = 1_795_514_400_000L + i * 300_000L;
            StringBuilder body = new StringBuilder();
            body.append(line("s" + (i % 4), "north", 35 + i % 7, at));
            body.append(line("s" + (i % 3), "south", 68 + i % 11, at + 60_000));
            body.append(line("s" + (i % 5), i % 2 == 0 ? "north" : "south", 50.5 + i, at + 120_000));
            if (i % 5 == 0) {
                body.append("{\"room\":\"north\",\"temp\":50,\"read_at\":").append(at).append("}\n");
            }
            bodies.add(body.toString());
        }
        return bodies;
    }

    private static String line(String sensor, String room, double fahrenheit, long at) {
        return "{\"sensor\":\"" + sensor + "\",\"room\":\"" + room + "\",\"temp\":" + fahrenheit + ",\"read_at\":" + at
                + "}\n";
    }

    static String rules(String temperatureRules) {
        return """
                name: greenhouse
                title: Greenhouse climate
                description: Temperature readings of the greenhouse rooms.
                format: ndjson
                event_time: read_at
                fields:
                  - {name: sensor, type: string, required: true}
                  - {name: room, type: string, required: true}
                  - {name: temperature_c, input: temp, type: decimal, scale: 2, required: true, rules: %s}
                  - {name: read_at, type: timestamp, required: true, format: epoch_millis}
                aggregations:
                  - table: climate_per_hour_by_room
                    title: Climate per hour by room
                    bucket: hour
                    dimensions: [room]
                    measures:
                      - {column: readings, function: count, description: Readings}
                      - {column: total_c, function: sum, field: temperature_c, description: Sum of temperatures}
                      - {column: average_c, function: avg, field: temperature_c, description: Average temperature}
                      - {column: highest_c, function: max, field: temperature_c, description: Highest temperature}
                      - {column: lowest_c, function: min, field: temperature_c, description: Lowest temperature}
                      - {column: sensors, function: distinct_count, field: sensor, description: Sensors reporting}
                """.formatted(temperatureRules);
    }

}
