package shears.rtl.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import shears.rtl.util.ExternalTools;

/**
 * Tests that need an external tool call {@link #require}: in CI ({@code CI=true}) a missing tool is
 * a failure; elsewhere the test is skipped with a message saying which tool to install.
 */
public final class ToolCheck {
    private ToolCheck() {}

    public static void require(String tool) {
        boolean present = ExternalTools.available(tool);
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(tool + " is required when CI=true but is not on the PATH (the test command installs it)");
        }
        Assumptions.assumeTrue(
                present, tool + " not on the PATH: skipping (install it, or run the README test command)");
    }
}
