/**
 * The {@code shears} command line (picocli): argument parsing, one-line errors with exit code 2,
 * output formatting (text and JSON). The only module that binds a logging backend (Logback).
 * <p>Layer: may import every Shears package.
 */
package shears.cli;
