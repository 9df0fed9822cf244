package io.envsaga.envctl.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell, like kubectl's tables. */
public final class Table {

    private final List<String[]> rows = new ArrayList<>();

    public Table(String... header) {
        rows.add(header);
    }

    public Table row(String... cells) {
        rows.add(cells);
        return this;
    }

    public void print(PrintWriter out) {
        print(out, true);
    }

    /** Without the header: more rows of a table already started (widths may differ). */
    public void print(PrintWriter out, boolean header) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], cell(row, i).length());
            }
        }
        for (String[] row : header ? rows : rows.subList(1, rows.size())) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = cell(row, i);
                line.append(i == columns - 1 ? cell : cell + " ".repeat(widths[i] - cell.length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    private static String cell(String[] row, int i) {
        return i < row.length && row[i] != null ? row[i].replaceAll("[\\p{Cntrl}]", " ") : "";
    }
}
