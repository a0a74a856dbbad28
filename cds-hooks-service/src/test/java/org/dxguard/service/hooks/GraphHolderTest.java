package org.dxguard.service.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.dxguard.graph.Differential;
import org.dxguard.graph.GraphImports;
import org.dxguard.graph.KnowledgeGraph;
import org.dxguard.graph.RankQuery;
import org.dxguard.model.Finding;
import org.dxguard.model.PatientFacts;
import org.junit.jupiter.api.Test;

/**
 * The holder's recovery logic, with a stand-in graph whose health the test switches (the real embedded Neo4j
 * stopped and reconnected under load is {@code faults.GraphOutageFaultIT}).
 */
class GraphHolderTest {
    private static final Duration FIRST = Duration.ofMillis(20);
    private static final Duration MAX = Duration.ofMillis(80);

    /** A graph that answers health checks as told and records being closed. */
    private static final class StandInGraph implements KnowledgeGraph {
        final String version;
        volatile boolean healthy = true;
        volatile boolean closed;

        StandInGraph(String version) {
            this.version = version;
        }

        @Override
        public List<Finding> findingsFor(PatientFacts facts) {
            throw new UnsupportedOperationException("not used by the holder");
        }

        @Override
        public Differential rank(RankQuery query) {
            throw new UnsupportedOperationException("not used by the holder");
        }

        @Override
        public String knowledgeBaseVersion() {
            return version;
        }

        @Override
        public boolean healthy() {
            return healthy && !closed;
        }

        @Override
        public GraphImports imports() {
            throw new UnsupportedOperationException("not used by the holder");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Connects stand-in graphs v1, v2, …; the first {@code failures} attempts throw. */
    private static final class Connector implements Supplier<KnowledgeGraph> {
        final List<StandInGraph> made = new CopyOnWriteArrayList<>();
        final List<Long> attemptsAt = new CopyOnWriteArrayList<>();
        final AtomicInteger failures;

        Connector(int failures) {
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public KnowledgeGraph get() {
            attemptsAt.add(System.nanoTime());
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("Neo4j is not running");
            }
            StandInGraph g = new StandInGraph("v" + (made.size() + 1));
            made.add(g);
            return g;
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).as("condition within 10 s").isTrue();
    }

    @Test
    void should_reconnect_when_the_graph_stops_answering() throws Exception {
        // given a connected graph
        Connector connector = new Connector(0);
        try (GraphHolder holder = GraphHolder.connectInBackground(connector, FIRST, MAX)) {
            await(() -> holder.current().isPresent());
            StandInGraph first = connector.made.get(0);

            // when it stops answering and a query on it fails
            first.healthy = false;
            holder.reportFailure(first, new IllegalStateException("driver closed"));

            // then it is closed and replaced by a new connection
            await(() -> holder.current().filter(g -> g != first).isPresent());
            assertThat(first.closed).isTrue();
            assertThat(holder.connects()).isEqualTo(2);
            assertThat(holder.status()).isEqualTo("knowledge graph ready (v2)");
        }
    }

    @Test
    void should_keep_the_graph_when_it_still_answers_after_a_failed_query() throws Exception {
        // given
        Connector connector = new Connector(0);
        try (GraphHolder holder = GraphHolder.connectInBackground(connector, FIRST, MAX)) {
            await(() -> holder.current().isPresent());
            StandInGraph first = connector.made.get(0);

            // when one query fails but the graph is healthy
            holder.reportFailure(first, new IllegalArgumentException("bad query"));
            Thread.sleep(200);

            // then nothing is reconnected
            assertThat(holder.current()).containsSame(first);
            assertThat(first.closed).isFalse();
            assertThat(connector.made).hasSize(1);
        }
    }

    @Test
    void should_retry_with_growing_pauses_and_say_why_when_the_first_start_fails() throws Exception {
        // given a graph that cannot be reached for the first three attempts
        Connector connector = new Connector(3);

        // when
        try (GraphHolder holder = GraphHolder.connectInBackground(connector, FIRST, MAX)) {
            // then the status says why while it retries, and the fourth attempt connects
            await(() -> connector.attemptsAt.size() >= 2);
            assertThat(holder.current()).isEmpty();
            assertThat(holder.status()).startsWith("knowledge graph failed to start: Neo4j is not running; retrying");
            await(() -> holder.current().isPresent());
            assertThat(connector.attemptsAt).hasSize(4);
            List<Long> at = connector.attemptsAt;
            assertThat(at.get(1) - at.get(0)).isGreaterThanOrEqualTo(FIRST.toNanos());
            assertThat(at.get(2) - at.get(1)).isGreaterThanOrEqualTo(2 * FIRST.toNanos());
            assertThat(at.get(3) - at.get(2)).isGreaterThanOrEqualTo(4 * FIRST.toNanos());
            assertThat(holder.status()).isEqualTo("knowledge graph ready (v1)");
        }
    }

    @Test
    void should_ignore_a_failure_report_about_a_graph_already_replaced() throws Exception {
        // given a graph replaced after an outage
        Connector connector = new Connector(0);
        try (GraphHolder holder = GraphHolder.connectInBackground(connector, FIRST, MAX)) {
            await(() -> holder.current().isPresent());
            StandInGraph first = connector.made.get(0);
            first.healthy = false;
            holder.reportFailure(first, new IllegalStateException("down"));
            await(() -> holder.connects() == 2);

            // when a late report about the old graph arrives
            holder.reportFailure(first, new IllegalStateException("late"));
            Thread.sleep(200);

            // then the new graph stays
            assertThat(holder.current()).containsSame(connector.made.get(1));
            assertThat(connector.made).hasSize(2);
        }
    }

    @Test
    void should_close_the_graph_and_stop_retrying_when_closed() throws Exception {
        // given one holder connected and one still retrying
        Connector connected = new Connector(0);
        Connector failing = new Connector(Integer.MAX_VALUE);
        GraphHolder up = GraphHolder.connectInBackground(connected, FIRST, MAX);
        GraphHolder retrying = GraphHolder.connectInBackground(failing, FIRST, MAX);
        await(() -> up.current().isPresent() && failing.attemptsAt.size() >= 2);

        // when
        up.close();
        retrying.close();
        int attempts = failing.attemptsAt.size();
        Thread.sleep(300);

        // then
        assertThat(connected.made.get(0).closed).isTrue();
        assertThat(up.current()).isEmpty();
        assertThat(failing.attemptsAt).hasSize(attempts);
    }

    @Test
    void should_report_down_while_retrying_and_up_once_connected() throws Exception {
        // given a graph that cannot be reached twice, then can
        Connector connector = new Connector(2);
        try (GraphHolder holder = GraphHolder.connectInBackground(connector, Duration.ofMillis(200), MAX)) {
            // then it is DOWN while it retries, UP once connected
            await(() -> holder.state() == GraphHolder.State.DOWN);
            await(() -> holder.state() == GraphHolder.State.UP);

            // and DOWN again while a graph that stopped answering is reconnected
            StandInGraph first = connector.made.get(0);
            connector.failures.set(1);
            first.healthy = false;
            holder.reportFailure(first, new IllegalStateException("down"));
            await(() -> holder.state() == GraphHolder.State.DOWN);
            await(() -> holder.state() == GraphHolder.State.UP);
            assertThat(holder.current()).containsSame(connector.made.get(1));
        }
    }

    @Test
    void should_never_connect_when_disabled() {
        try (GraphHolder holder = GraphHolder.disabled()) {
            holder.reportFailure(null, new IllegalStateException("x"));
            assertThat(holder.current()).isEmpty();
            assertThat(holder.status()).contains("disabled");
            assertThat(holder.state()).isEqualTo(GraphHolder.State.DISABLED);
        }
    }
}
