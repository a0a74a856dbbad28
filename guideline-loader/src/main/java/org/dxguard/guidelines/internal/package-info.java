/** Internals of guideline-loader: reading package folders ({@code Loader}), scenario YAML ({@code ScenarioParser}). */
package org.dxguard.guidelines.internal;
