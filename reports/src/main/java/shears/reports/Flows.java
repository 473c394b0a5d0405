package shears.reports;

import java.util.List;
import shears.reports.fir.FirFlow;
import shears.reports.logicnet.LogicNetFlow;

/** The flows `shears compare` knows, by name. */
public final class Flows {
    private Flows() {}

    public static List<Flow<?>> all() {
        return List.of(
                new FirFlow(),
                new LogicNetFlow(),
                new shears.reports.raman.RamanFlow(),
                new shears.reports.hsi.HsiFlow());
    }

    public static Flow<?> get(String name) {
        for (Flow<?> f : all()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown flow '" + name + "' (known: fir, logicnet, raman, hsi)");
    }
}
