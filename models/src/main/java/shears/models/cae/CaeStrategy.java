package shears.models.cae;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The DS-CAE pruning strategies by name: the one registry the CLI, the experiments, the RAMAN flow
 * and the search parse names against. {@link #DENSE} prunes nothing; {@link CaeExperiment#strategy}
 * builds the others.
 */
public enum CaeStrategy {
    DENSE("dense"),
    MAGNITUDE("magnitude"),
    MAGNITUDE_GLOBAL("magnitude-global"),
    BALANCED("balanced"),
    N_OF_M("n-of-m"),
    STRUCTURED("structured"),
    LOTTERY("lottery"),
    GATING("gating");

    /** Every strategy that prunes (all but {@link #DENSE}), in the order sweeps run them. */
    public static final List<CaeStrategy> PRUNING =
            Arrays.stream(values()).filter(s -> s != DENSE).toList();

    private final String id;

    CaeStrategy(String id) {
        this.id = id;
    }

    /** The name users type and reports print. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    /** The strategy named {@code id}; an unknown name is refused with the known ones listed. */
    public static CaeStrategy of(String id) {
        for (CaeStrategy s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + id + "' (known: " + ids(List.of(values())) + ")");
    }

    /** The names of {@code strategies}, comma-separated. */
    public static String ids(List<CaeStrategy> strategies) {
        return strategies.stream().map(CaeStrategy::id).collect(Collectors.joining(", "));
    }
}
