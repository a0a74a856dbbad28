/**
 * Load tools for a running dxguard service ({@code dxguard bench replay | call | plot}); the module talks to the
 * service over HTTP only. Entry point: {@link org.dxguard.bench.ReplayBench} (builder; {@code plan()} generates the
 * seeded Synthea cohort and its calls, {@code run(plan)} replays them and returns a
 * {@link org.dxguard.bench.BenchResult}, printable as a table, written as JSON, drawn by
 * {@link org.dxguard.bench.BenchPlot}). {@link org.dxguard.bench.BenchKey} generates a throwaway signing key and its
 * trusted-EHR file; {@link org.dxguard.bench.JwtSigner} signs caller tokens as an EHR does. The Synthea cohort and
 * the calls built from it are public in {@code bench.synthea} (they are also other modules' Synthea test fixtures);
 * the load engine and statistics live in {@code bench.internal}.
 */
package org.dxguard.bench;
