/**
 * The benchmark report tool: medians of a results CSV as a Markdown table with ratios against a baseline series, and
 * grouped bar charts as PNG files. JDK only; renders headless. Entry point: {@link io.gev.bench.report.Report}.
 */
package io.gev.bench.report;
