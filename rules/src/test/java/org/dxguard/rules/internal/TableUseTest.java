package org.dxguard.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dxguard.rules.facts.PairRow;
import org.dxguard.rules.facts.TableRow;
import org.junit.jupiter.api.Test;

class TableUseTest {
    private static final TableRow MAX = new TableRow("max-daily-dose", "metformin", "", 2550, "", "label");
    private static final TableRow CDS = new TableRow("cds-max-daily-dose", "metformin", "", 2000, "", "label");
    private static final PairRow PAIR = new PairRow("drug-condition", "DC-1", "a", "b", "critical", "");
    private static final Object OTHER = "not a table row";

    @Test
    void should_name_the_tables_when_every_row_pattern_starts_with_its_table_literal() {
        // given rules whose row patterns all name their table, and a comment that mentions TableRow (ignored)
        String drl = "// TableRow (rows of tables/*.csv)\n"
            + "rule a when $d : DrugFact() $t : TableRow(table == \"max-daily-dose\", key == $d.ingredient) then end\n"
            + "rule b when not PairRow( table == \"drug-condition\" ) then end";
        // when
        var tables = TableUse.tablesMatched(List.of(drl));
        // then only the rows of those tables (and every other fact) are kept, in order
        assertThat(tables).containsExactly("max-daily-dose", "drug-condition");
        assertThat(TableUse.rowsFor(List.of(MAX, OTHER, CDS, PAIR), tables)).containsExactly(MAX, OTHER, PAIR);
    }

    @Test
    void should_keep_every_row_when_a_row_pattern_does_not_start_with_a_table_literal() {
        // given one pattern that reads the table name from elsewhere, one with a disjunction, one supertype pattern
        List<String> unclear = List.of(
            "rule a when $t : TableRow(key == \"metformin\") then end",
            "rule b when $t : TableRow(table == \"max-daily-dose\" || key == \"x\") then end",
            "rule c when $f : Describable() then end");
        for (String drl : unclear) {
            // when
            var tables = TableUse.tablesMatched(List.of(drl));
            // then nothing is left out
            assertThat(tables).as(drl).isNull();
            assertThat(TableUse.rowsFor(List.of(MAX, CDS, PAIR), tables)).containsExactly(MAX, CDS, PAIR);
        }
    }

    @Test
    void should_keep_no_row_when_no_rule_matches_a_table() {
        // given a package whose rules match no table rows
        var tables = TableUse.tablesMatched(List.of("rule a when $d : DrugFact(draft) then end"));
        // when / then
        assertThat(tables).isEmpty();
        assertThat(TableUse.rowsFor(List.of(MAX, OTHER, PAIR), tables)).containsExactly(OTHER);
    }
}
