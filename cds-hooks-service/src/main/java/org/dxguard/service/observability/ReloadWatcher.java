package org.dxguard.service.observability;

import java.util.Optional;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.rules.CompiledRuleSet;

/**
 * Counts guideline reloads for {@link ServiceMetrics#guidelineReload}: the repository swaps its active rule set on
 * a good reload and records a new error on a rejected one; both are seen by polling every 100 ms (the repository
 * cannot reload more often than every 450 ms, so none is missed). A daemon thread, stopped by {@link #close()}.
 */
final class ReloadWatcher implements AutoCloseable {
    static final long POLL_MILLIS = 100;

    private final Thread thread;
    private volatile boolean closed;

    ReloadWatcher(GuidelineRepository guidelines, ServiceMetrics metrics) {
        this.thread = new Thread(() -> watch(guidelines, metrics), "dxguard-reload-metrics");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void watch(GuidelineRepository guidelines, ServiceMetrics metrics) {
        CompiledRuleSet active = guidelines.activeRuleSet();
        String error = guidelines.lastReloadError().orElse(null);
        while (!closed) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            CompiledRuleSet nowActive = guidelines.activeRuleSet();
            Optional<String> nowError = guidelines.lastReloadError();
            if (nowActive != active) {
                metrics.guidelineReload(true);
            }
            // each rejection stores a new message object, even when the text repeats
            if (nowError.isPresent() && nowError.get() != error) {
                metrics.guidelineReload(false);
            }
            active = nowActive;
            error = nowError.orElse(null);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
