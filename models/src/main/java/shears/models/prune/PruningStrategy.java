package shears.models.prune;

/** One pruning method; {@link #prune} is deterministic in the request (including its seed). */
public interface PruningStrategy {
    /** Name used on the command line and in reports, e.g. "magnitude", "balanced". */
    String name();

    PruneResult prune(PruneRequest request);
}
