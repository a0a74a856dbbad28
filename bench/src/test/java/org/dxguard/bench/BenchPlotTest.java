package org.dxguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchPlotTest {
    private static BenchResult fixture(String name) throws URISyntaxException {
        return BenchResult.read(Path.of(BenchPlotTest.class.getResource("/bench/" + name).toURI()));
    }

    private static boolean hasColour(BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void should_write_a_readable_png_with_one_colour_per_hook_when_results_span_client_counts(@TempDir Path dir)
        throws Exception {
        // given
        List<BenchResult> results = List.of(fixture("result-c1.json"), fixture("result-c4.json"),
            fixture("result-c16.json"));
        Path png = dir.resolve("plot.png");

        // when
        BenchPlot.write(results, png);

        // then
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(BenchPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(BenchPlot.HEIGHT);
        assertThat(hasColour(image, 0x1f77b4)).as("first hook's colour").isTrue();
        assertThat(hasColour(image, 0xff7f0e)).as("second hook's colour").isTrue();
        assertThat(hasColour(image, 0x2ca02c)).as("no third series").isFalse();
    }

    @Test
    void should_draw_percentile_bars_when_all_results_have_one_client_count() throws Exception {
        // given
        List<BenchResult> results = List.of(fixture("result-c4.json"));

        // when
        BufferedImage image = BenchPlot.render(results);

        // then: the four bar colours (p50, p95, p99, max)
        assertThat(hasColour(image, 0x1f77b4)).isTrue();
        assertThat(hasColour(image, 0xff7f0e)).isTrue();
        assertThat(hasColour(image, 0x2ca02c)).isTrue();
        assertThat(hasColour(image, 0xd62728)).isTrue();
    }

    @Test
    void should_group_series_by_hook_and_label_when_the_summed_row_is_present() throws Exception {
        // given
        BenchResult r = fixture("result-c4.json");
        BenchResult.HookResult all = r.hooks().get(0);
        BenchResult labelled = new BenchResult(r.tool(), "graph", r.startedAt(), r.target(), 8, r.warmupSeconds(),
            r.durationSeconds(), r.patients(), r.seed(), r.distinctCalls(), r.algorithm(), r.cpus(),
            r.loadAverageBefore(), r.loadAverageAfter(), 0, List.of(all, new BenchResult.HookResult("all",
                all.requests(), all.throughput(), 1, 2, 3, 4, 1.5, all.statuses(), 0, 0, all.cardsByIndicator(),
                all.cardsBySource(), all.cardsByRule(), 1, 3, 1, 3, 4)), "closed", 0, all.throughput(), 0, 0, 0, 0);

        // when
        var series = BenchPlot.series(List.of(r, labelled));

        // then
        assertThat(series.keySet()).containsExactly("order-select", "order-sign", "order-select (graph)");
    }

    @Test
    void should_round_axis_tops_to_1_2_5_when_scaling() {
        // given / when / then
        assertThat(BenchPlot.niceCeiling(0.0)).isEqualTo(1.0);
        assertThat(BenchPlot.niceCeiling(37.0)).isEqualTo(50.0);
        assertThat(BenchPlot.niceCeiling(120.0)).isEqualTo(200.0);
        assertThat(BenchPlot.niceCeiling(1000.0)).isEqualTo(1000.0);
    }

    @Test
    void should_give_the_range_of_one_minute_load_averages_when_runs_report_them() throws Exception {
        // given
        List<BenchResult> results = List.of(fixture("result-c1.json"), fixture("result-c4.json"));

        // when
        String range = BenchPlot.loadRange(results);

        // then
        assertThat(range).isEqualTo("2.10–3.50");
        assertThat(BenchPlot.loadRange(List.of(fixture("result-c1.json")))).isEqualTo("2.10");
    }
}
