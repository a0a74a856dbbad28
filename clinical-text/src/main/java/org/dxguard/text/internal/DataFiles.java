package org.dxguard.text.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.dxguard.text.TextErrors;

/** Reads the module's tab-separated data files ({@code #} comments, blank lines ignored) and code notations. */
public final class DataFiles {
    private DataFiles() {}

    public static List<String[]> packaged(String name) {
        InputStream in = DataFiles.class.getResourceAsStream("/org/dxguard/text/" + name);
        if (in == null) {
            throw new DxGuardException(TextErrors.INVALID_DATA, "packaged data file " + name + " is missing");
        }
        return read(in, name);
    }

    public static List<String[]> read(InputStream in, String name) {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                rows.add(line.split("\t", -1));
            }
            return rows;
        } catch (IOException e) {
            throw new DxGuardException(TextErrors.INVALID_DATA, "cannot read data file " + name + ": " + e.getMessage(), e);
        }
    }

    public static List<String> list(String cell) {
        List<String> out = new ArrayList<>();
        if (cell == null) {
            return out;
        }
        for (String s : cell.split("\\|")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /**
     * A code in our notation: {@code snomed:386661006}, {@code icd10:R50.9}, {@code icd10cm:R50.9},
     * {@code loinc:8310-5}, {@code rxnorm:6809}, or {@code system-uri|code}.
     */
    public static Code code(String notation, String where) {
        String s = notation.strip();
        int bar = s.lastIndexOf('|');
        if (bar > 0) {
            return Code.of(s.substring(0, bar), s.substring(bar + 1));
        }
        int colon = s.indexOf(':');
        if (colon > 0) {
            String prefix = s.substring(0, colon).toLowerCase(Locale.ROOT);
            String code = s.substring(colon + 1);
            String system = switch (prefix) {
                case "snomed", "sct" -> Code.SNOMED;
                case "icd10" -> Code.ICD10;
                case "icd10cm" -> Code.ICD10_CM;
                case "loinc" -> Code.LOINC;
                case "rxnorm" -> Code.RXNORM;
                default -> null;
            };
            if (system != null && !code.isBlank()) {
                return Code.of(system, code);
            }
        }
        throw new DxGuardException(TextErrors.INVALID_DATA, "bad code '" + notation + "' in " + where
            + " (use snomed:, icd10:, icd10cm:, loinc:, rxnorm: or system|code)");
    }

    public static String cell(String[] row, int i) {
        return i < row.length ? row[i].strip() : "";
    }
}
