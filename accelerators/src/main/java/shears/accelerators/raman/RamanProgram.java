package shears.accelerators.raman;

import java.util.List;
import shears.models.quant.Requantizer;

/**
 * A compiled network: one step per supported node, in order. Weighted steps carry, per PE, the
 * entries it executes per input column (compressed rows: entries of column c are
 * {@code colStart[c] .. colStart[c + 1] - 1}), each a local row, a tap and an integer weight, in
 * the order the PE's weight memory holds them.
 */
public record RamanProgram(RamanParams params, List<Step> steps, long weightWords, long indexBits, long seedBits,
                           int peakBankWords, int separateBankWords) {

    /** One executed node. */
    public sealed interface Step permits Weighted, Pass {
        int node();

        String name();
    }

    /** Conv / depthwise / pointwise / dense with fused ReLU when the next node is one. */
    public record Weighted(int node, String name, Kind kind, int inChannels, int inLen, int outChannels, int outLen, int kernel,
                           int stride, int pad, int dilation, boolean relu, int[] bias, Requantizer[] requant, PeImage[] pes,
                           int[] drawCycles) implements Step {
    }

    /** A pass over activation memory: ReLU (unfused), pooling, residual add, upsample. */
    public record Pass(int node, String name) implements Step {
    }

    public enum Kind { CONV, DEPTHWISE, DENSE }

    /** One PE's entries, per input column. */
    public record PeImage(int[] colStart, int[] row, int[] tap, int[] weight) {
        public int entries(int column) {
            return colStart[column + 1] - colStart[column];
        }

        public int size() {
            return row.length;
        }
    }
}
