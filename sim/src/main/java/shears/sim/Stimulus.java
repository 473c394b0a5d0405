package shears.sim;

import java.util.SplittableRandom;
import shears.rtl.ir.Clocking;
import shears.rtl.ir.Netlist;
import shears.sim.bits.WideBits;

/**
 * Input values for a batched run: {@code cycles} rows of {@link PortLayout#inputWords()} words.
 * One stimulus drives every engine, so engines can be compared on identical inputs.
 */
public record Stimulus(PortLayout layout, int cycles, long[] words) {
    public Stimulus {
        if (cycles < 0 || words.length != (long) cycles * layout.inputWords()) {
            throw new IllegalArgumentException(
                    "stimulus has " + words.length + " words for " + cycles + " cycles of " + layout.inputWords());
        }
    }

    /**
     * Seeded uniformly random inputs. The top's reset (if present) is asserted in cycle 0 and then
     * with probability {@code resetRate} per cycle.
     */
    public static Stimulus random(Netlist flat, int cycles, long seed, double resetRate) {
        return random(flat, cycles, seed, resetRate, true);
    }

    /** As above; {@code resetFirst} false leaves the reset released in cycle 0 (for continuation chunks). */
    public static Stimulus random(Netlist flat, int cycles, long seed, double resetRate, boolean resetFirst) {
        PortLayout layout = PortLayout.of(flat.top());
        Clocking clocking = flat.top().clocking();
        long[] w = new long[cycles * layout.inputWords()];
        SplittableRandom r = new SplittableRandom(seed);
        for (int c = 0; c < cycles; c++) {
            int base = c * layout.inputWords();
            for (PortLayout.Port p : layout.inputs()) {
                if (p.name().equals(clocking.reset())) {
                    boolean asserted = (c == 0 && resetFirst) || r.nextDouble() < resetRate;
                    w[base + p.offset()] = asserted ? clocking.resetAsserted() : clocking.resetReleased();
                    continue;
                }
                for (int k = 0; k < p.words(); k++) {
                    int bits = Math.min(64, p.width() - 64 * k);
                    w[base + p.offset() + k] = r.nextLong() & WideBits.mask(bits);
                }
            }
        }
        return new Stimulus(layout, cycles, w);
    }

    public static Stimulus random(Netlist flat, int cycles, long seed) {
        return random(flat, cycles, seed, 0.0);
    }
}
