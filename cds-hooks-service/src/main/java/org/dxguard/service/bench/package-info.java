/**
 * Load tools for a running dxguard service ({@code dxguard bench replay | call | plot}). Entry point:
 * {@link org.dxguard.service.bench.ReplayBench} (builder; {@code plan()} generates the seeded Synthea cohort and its
 * calls, {@code run(plan)} replays them and returns a {@link org.dxguard.service.bench.BenchResult}, printable as a
 * table, written as JSON, drawn by {@link org.dxguard.service.bench.BenchPlot}). {@link
 * org.dxguard.service.bench.BenchKey} generates a throwaway signing key and its trusted-EHR file. Internals
 * (cohort generation, calls and drafts, the closed- or open-loop engine, statistics) live in {@code bench.internal}; the
 * cohort generator and request builder are also this module's Synthea test fixtures.
 */
package org.dxguard.service.bench;
