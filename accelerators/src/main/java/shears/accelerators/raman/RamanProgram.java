package shears.accelerators.raman;

import java.util.List;
import shears.models.quant.Requantizer;

/**
 * A compiled network: one step per supported node, in order. Weighted steps carry, per PE, the
 * entries it executes per input column (compressed rows: entries of column c are
 * {@code colStart[c] .. colStart[c + 1] - 1}), each a local row, a tap and an integer weight, in
 * the order the PE's weight memory holds them.
 */
public record RamanProgram(
        RamanParams params,
        List<Step> steps,
        long weightWords,
        long indexBits,
        long seedBits,
        int peakBankWords,
        int separateBankWords,
        int[] peWeightWords) {

    /** Parameter storage: weights, plus stored indices and column counts (INDEX) or seeds and flags (LFSR). */
    public long storageBits() {
        return weightWords * params.weightBits() + indexBits + seedBits;
    }

    /** One executed node. */
    public sealed interface Step permits Weighted, Pass {
        int node();

        String name();

        /** Bank address of the (first) input tensor, -1 before allocation. */
        int inBase();

        /** Bank address of the output tensor, -1 before allocation. */
        int outBase();

        int outChannels();

        int outLen();
    }

    /**
     * Conv / depthwise / pointwise / dense with fused ReLU when the next node is one. A dense layer
     * has {@code inChannels} = features and {@code inLen} = 1; its source tensor is
     * {@code srcChannels x srcLen} (feature f = channel * srcLen + position). {@code lfsrSeed} and
     * {@code blockCounts} are the balanced layout (LFSR format only, else 0 and empty), and
     * {@code phaseCounts[f][φ]} the kept positions per tap phase of a block keeping the layer's base
     * count plus f (f = 0, 1; balanced pruning's rule 4);
     * {@code inBase}/{@code outBase} are the bank addresses of the input and output regions
     * (-1 when the program is not a plain chain of weighted steps).
     */
    public record Weighted(
            int node,
            String name,
            Kind kind,
            int inChannels,
            int inLen,
            int outChannels,
            int outLen,
            int kernel,
            int stride,
            int pad,
            int dilation,
            boolean relu,
            int[] bias,
            Requantizer[] requant,
            PeImage[] pes,
            int[] drawCycles,
            int srcChannels,
            int srcLen,
            int lfsrSeed,
            int[] blockCounts,
            int[][] phaseCounts,
            int inBase,
            int outBase)
            implements Step {
        /** Output channels of PE {@code pe}: {@code ceil((outChannels - pe) / P)}. */
        public int rows(int pe, int pes) {
            return Math.max(0, (outChannels - pe + pes - 1) / pes);
        }

        /** Blocks (LFSR draws, count reads) the layer runs: input channels, PE rows (depthwise) or features (dense). */
        public int blocks(int pes) {
            return kind == Kind.DEPTHWISE ? (outChannels + pes - 1) / pes : inChannels;
        }

        /** Weight positions PE {@code pe} walks per block before pruning: rows x taps, or the taps of its row. */
        public int blockSize(int pe, int pes, int block) {
            if (kind == Kind.DEPTHWISE) {
                return block < rows(pe, pes) ? kernel : 0;
            }
            return rows(pe, pes) * kernel;
        }

        /**
         * Tap phase of a tap: an activation at position t reaches an output through tap k only if
         * {@code t + pad - k * dilation} is a multiple of the stride, i.e. phase(k) == stepPhase(t).
         */
        public int phase(int tap) {
            return tap * dilation % stride;
        }

        /** The tap phase an activation at position {@code t} needs (0 for dense layers). */
        public int stepPhase(int t) {
            return kind == Kind.DENSE ? 0 : (t + pad) % stride;
        }

        /** Entries of PE image {@code img}'s column {@code col} in tap phase {@code phase}. */
        public int entries(PeImage img, int col, int phase) {
            int n = 0;
            for (int e = img.colStart()[col]; e < img.colStart()[col + 1]; e++) {
                n += phase(img.tap()[e]) == phase ? 1 : 0;
            }
            return n;
        }

        Weighted withBases(int in, int out) {
            return new Weighted(
                    node,
                    name,
                    kind,
                    inChannels,
                    inLen,
                    outChannels,
                    outLen,
                    kernel,
                    stride,
                    pad,
                    dilation,
                    relu,
                    bias,
                    requant,
                    pes,
                    drawCycles,
                    srcChannels,
                    srcLen,
                    lfsrSeed,
                    blockCounts,
                    phaseCounts,
                    in,
                    out);
        }
    }

    /**
     * A pass over activation memory, per channel in its own bank: unfused ReLU, max/avg pooling
     * (no padding), residual add, nearest upsampling. Each output reads {@code reads} inputs — the
     * pool window, or both addends — combines them (max, or sum of input x weight) and finishes
     * with {@code (x * mult + round) >> shift}, saturation and optional ReLU.
     */
    public record Pass(
            int node,
            String name,
            PassKind kind,
            int channels,
            int inLen,
            int outLen,
            int reads,
            int poolStride,
            int upFactor,
            int weightA,
            int weightB,
            int mult,
            int shift,
            boolean relu,
            int inBase,
            int inBase2,
            int outBase)
            implements Step {
        @Override
        public int outChannels() {
            return channels;
        }

        Pass withBases(int in, int in2, int out) {
            return new Pass(
                    node,
                    name,
                    kind,
                    channels,
                    inLen,
                    outLen,
                    reads,
                    poolStride,
                    upFactor,
                    weightA,
                    weightB,
                    mult,
                    shift,
                    relu,
                    in,
                    in2,
                    out);
        }
    }

    public enum PassKind {
        RELU,
        MAXPOOL,
        AVGPOOL,
        ADD,
        UPSAMPLE
    }

    public enum Kind {
        CONV,
        DEPTHWISE,
        DENSE
    }

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
