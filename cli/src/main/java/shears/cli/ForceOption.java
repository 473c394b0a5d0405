package shears.cli;

import picocli.CommandLine.Option;

/** {@code --force}: write into a directory that holds another command's results, or over files Shears did not write. */
final class ForceOption {
    @Option(
            names = "--force",
            description =
                    "Write into --out even if it holds another command's results or files "
                            + "Shears did not write (those files are overwritten only where a result has the same name; nothing is deleted).")
    boolean force;
}
