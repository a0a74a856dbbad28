package org.dxguard.graph.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Minimal RFC 4180 CSV reader (quoted fields, doubled quotes, newlines inside quotes). */
public final class Csv {
    private Csv() {}

    public static List<List<String>> read(BufferedReader r) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        while ((c = r.read()) != -1) {
            char ch = (char) c;
            any = true;
            if (quoted) {
                if (ch == '"') {
                    r.mark(1);
                    int n = r.read();
                    if (n == '"') {
                        f.append('"');
                    } else {
                        quoted = false;
                        if (n != -1) {
                            r.reset();
                        }
                    }
                } else {
                    f.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(f.toString());
                f.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r') {
                    r.mark(1);
                    if (r.read() != '\n') {
                        r.reset();
                    }
                }
                row.add(f.toString());
                f.setLength(0);
                if (!(row.size() == 1 && row.get(0).isEmpty())) {
                    rows.add(row);
                }
                row = new ArrayList<>();
                any = false;
            } else {
                f.append(ch);
            }
        }
        if (any) {
            row.add(f.toString());
            rows.add(row);
        }
        return rows;
    }
}
