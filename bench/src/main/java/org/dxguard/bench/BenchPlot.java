package org.dxguard.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.dxguard.model.DxGuardException;

/**
 * PNG plots of bench results with plain Java2D (headless). With results at two or more client counts: latency
 * percentiles (p50 dashed, p95 dotted, p99 solid) and throughput against the number of clients, one colour per
 * hook (and {@code --label}); with a single client count: p50/p95/p99/max bars per hook.
 */
public final class BenchPlot {
    public static final int WIDTH = 1200;
    static final int HEIGHT = 560;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    private BenchPlot() {}

    /** Draws {@code results} into {@code png}. */
    public static void write(List<BenchResult> results, Path png) {
        BufferedImage image = render(results);
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ImageIO.write(image, "png", png.toFile());
        } catch (IOException e) {
            throw new DxGuardException(BenchErrors.IO, "cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    /** The plot as an image (for tests and for {@link #write}). */
    public static BufferedImage render(List<BenchResult> results) {
        if (results.isEmpty()) {
            throw new DxGuardException(BenchErrors.BAD_RESULT, "no results to plot");
        }
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            Map<String, TreeMap<Integer, BenchResult.HookResult>> series = series(results);
            TreeSet<Integer> clients = new TreeSet<>();
            series.values().forEach(s -> clients.addAll(s.keySet()));
            g.setColor(Color.BLACK);
            g.setFont(TITLE);
            String load = loadRange(results);
            g.drawString(clients.size() > 1 ? "dxguard bench replay: latency and throughput vs clients"
                : "dxguard bench replay: latency per hook at " + clients.first() + " clients", 20, 24);
            g.setFont(FONT);
            g.drawString(String.format(Locale.ROOT, "%d runs, tokens %s, load generator and service on the same %d "
                    + "cpus; 1-minute load average before the runs: %s", results.size(), results.get(0).algorithm(),
                results.get(0).cpus(), load), 20, 44);
            if (clients.size() > 1) {
                drawLines(g, series, clients, 60, 70, 640, 430, true);
                drawLines(g, series, clients, 760, 70, 400, 430, false);
            } else {
                drawBars(g, series, 60, 70, 1100, 430);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Hook (and label) → clients → figures; the summed "all" row is left out when hooks are given apart. */
    static Map<String, TreeMap<Integer, BenchResult.HookResult>> series(List<BenchResult> results) {
        Map<String, TreeMap<Integer, BenchResult.HookResult>> out = new LinkedHashMap<>();
        for (BenchResult r : results) {
            for (BenchResult.HookResult h : r.hooks()) {
                if (h.hook().equals("all") && r.hooks().size() > 1) {
                    continue;
                }
                String name = r.label() == null || r.label().isBlank() ? h.hook() : h.hook() + " (" + r.label() + ")";
                out.computeIfAbsent(name, k -> new TreeMap<>()).put(r.concurrency(), h);
            }
        }
        return out;
    }

    private static void drawLines(Graphics2D g, Map<String, TreeMap<Integer, BenchResult.HookResult>> series,
                                  TreeSet<Integer> clients, int x0, int y0, int w, int h, boolean latency) {
        double max = 0;
        for (TreeMap<Integer, BenchResult.HookResult> s : series.values()) {
            for (BenchResult.HookResult r : s.values()) {
                max = Math.max(max, latency ? r.p99Ms() : r.throughput());
            }
        }
        double top = niceCeiling(max);
        double lo = log2(clients.first());
        double hi = Math.max(lo + 1, log2(clients.last()));
        axes(g, x0, y0, w, h, top, latency ? "latency (ms)" : "throughput (requests/s)");
        g.setColor(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        for (int c : clients) {
            int x = x0 + (int) Math.round((log2(c) - lo) / (hi - lo) * w);
            String t = String.valueOf(c);
            g.drawLine(x, y0 + h, x, y0 + h + 4);
            g.drawString(t, x - fm.stringWidth(t) / 2, y0 + h + 18);
        }
        g.drawString("concurrent clients", x0 + w / 2 - 50, y0 + h + 36);
        int i = 0;
        int legendY = y0 + 14;
        for (Map.Entry<String, TreeMap<Integer, BenchResult.HookResult>> e : series.entrySet()) {
            Color color = PALETTE[i++ % PALETTE.length];
            List<String> kinds = latency ? List.of("p50", "p95", "p99") : List.of("req/s");
            for (String kind : kinds) {
                g.setColor(color);
                g.setStroke(stroke(kind));
                int[] prev = null;
                for (Map.Entry<Integer, BenchResult.HookResult> p : e.getValue().entrySet()) {
                    BenchResult.HookResult r = p.getValue();
                    double v = switch (kind) {
                        case "p50" -> r.p50Ms();
                        case "p95" -> r.p95Ms();
                        case "p99" -> r.p99Ms();
                        default -> r.throughput();
                    };
                    int x = x0 + (int) Math.round((log2(p.getKey()) - lo) / (hi - lo) * w);
                    int y = y0 + h - (int) Math.round(v / top * h);
                    g.fillOval(x - 3, y - 3, 6, 6);
                    if (prev != null) {
                        g.drawLine(prev[0], prev[1], x, y);
                    }
                    prev = new int[] {x, y};
                }
            }
            g.setStroke(new BasicStroke(2f));
            g.setColor(color);
            g.drawLine(x0 + 10, legendY - 4, x0 + 34, legendY - 4);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), x0 + 40, legendY);
            legendY += 16;
        }
        if (latency) {
            g.setColor(Color.DARK_GRAY);
            int lx = x0 + 10;
            for (String kind : List.of("p50", "p95", "p99")) {
                g.setStroke(stroke(kind));
                g.drawLine(lx, legendY - 4, lx + 24, legendY - 4);
                g.drawString(kind, lx + 28, legendY);
                lx += 70;
            }
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static void drawBars(Graphics2D g, Map<String, TreeMap<Integer, BenchResult.HookResult>> series,
                                 int x0, int y0, int w, int h) {
        List<Map.Entry<String, BenchResult.HookResult>> rows = new ArrayList<>();
        series.forEach((name, s) -> rows.add(Map.entry(name, s.lastEntry().getValue())));
        double top = niceCeiling(rows.stream().mapToDouble(r -> r.getValue().maxMs()).max().orElse(1));
        axes(g, x0, y0, w, h, top, "latency (ms)");
        String[] kinds = {"p50", "p95", "p99", "max"};
        int group = w / rows.size();
        int bar = Math.max(8, Math.min(60, (group - 40) / kinds.length));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < rows.size(); i++) {
            BenchResult.HookResult r = rows.get(i).getValue();
            double[] v = {r.p50Ms(), r.p95Ms(), r.p99Ms(), r.maxMs()};
            int gx = x0 + i * group + (group - bar * kinds.length) / 2;
            for (int k = 0; k < kinds.length; k++) {
                int bh = (int) Math.round(v[k] / top * h);
                g.setColor(PALETTE[k]);
                g.fillRect(gx + k * bar, y0 + h - bh, bar - 4, bh);
                g.setColor(Color.BLACK);
                String t = String.format(Locale.ROOT, "%.1f", v[k]);
                g.drawString(t, gx + k * bar + (bar - 4 - fm.stringWidth(t)) / 2, y0 + h - bh - 4);
            }
            String name = String.format(Locale.ROOT, "%s  (%.0f req/s)", rows.get(i).getKey(), r.throughput());
            g.drawString(name, x0 + i * group + (group - fm.stringWidth(name)) / 2, y0 + h + 20);
        }
        for (int k = 0; k < kinds.length; k++) {
            g.setColor(PALETTE[k]);
            g.fillRect(x0 + w - 260 + k * 65, y0 + 4, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(kinds[k], x0 + w - 244 + k * 65, y0 + 15);
        }
    }

    private static void axes(Graphics2D g, int x0, int y0, int w, int h, double top, String yLabel) {
        g.setStroke(new BasicStroke(1f));
        FontMetrics fm = g.getFontMetrics();
        for (int t = 0; t <= 5; t++) {
            double v = top * t / 5;
            int y = y0 + h - (int) Math.round(h * t / 5.0);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(x0, y, x0 + w, y);
            g.setColor(Color.BLACK);
            String s = v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
            g.drawString(s, x0 - 6 - fm.stringWidth(s), y + 5);
        }
        g.setColor(Color.BLACK);
        g.drawLine(x0, y0, x0, y0 + h);
        g.drawLine(x0, y0 + h, x0 + w, y0 + h);
        g.drawString(yLabel, x0 + 4, y0 - 6);
    }

    private static Stroke stroke(String kind) {
        return switch (kind) {
            case "p50" -> new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 5f}, 0f);
            case "p95" -> new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {2f, 4f}, 0f);
            default -> new BasicStroke(2.5f);
        };
    }

    /** 1, 2, 5 × 10^n at or above {@code v}. */
    static double niceCeiling(double v) {
        if (v <= 0 || Double.isNaN(v)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static double log2(int v) {
        return Math.log(Math.max(1, v)) / Math.log(2);
    }

    /** "min–max" of the runs' 1-minute load averages before each run, or "n/a". */
    static String loadRange(List<BenchResult> results) {
        double[] ones = results.stream().map(BenchResult::loadAverageBefore)
            .filter(s -> s != null && !s.isBlank() && !s.equals("n/a"))
            .mapToDouble(s -> Double.parseDouble(s.trim().split("\\s+")[0])).toArray();
        if (ones.length == 0) {
            return "n/a";
        }
        double min = java.util.Arrays.stream(ones).min().orElse(0);
        double max = java.util.Arrays.stream(ones).max().orElse(0);
        return min == max ? String.format(Locale.ROOT, "%.2f", min)
            : String.format(Locale.ROOT, "%.2f–%.2f", min, max);
    }
}
