package dev.tributary.bootstrap.cli;

import java.util.List;

/** Renders rows as an aligned plain-text table, numbers right-aligned. */
final class TextTable {
    private TextTable() {
    }

    static String render(List<String> columns, List<List<String>> rows) {
        int[] width = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            width[i] = columns.get(i).length();
            for (List<String> row : rows) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, columns, width, false);
        for (int i = 0; i < width.length; i++) {
            out.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.append('\n');
        rows.forEach(r -> line(out, r, width, true));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] width, boolean alignNumbers) {
        for (int i = 0; i < width.length; i++) {
            String cell = cells.get(i);
            boolean number = alignNumbers && cell.matches("-?\\d+(\\.\\d+)?");
            String pad = " ".repeat(width[i] - cell.length());
            out.append(i == 0 ? "" : " | ").append(number ? pad + cell : cell + pad);
        }
        out.append('\n');
    }
}
