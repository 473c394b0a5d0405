package shears.accelerators.raman;

import java.util.ArrayList;
import java.util.List;
import shears.rtl.hdl.HdlModule;

/**
 * The RAMAN generator: a compiled {@link RamanProgram} to one flat module {@code raman_top}
 * (docs/raman.md). P PEs, each with its weight memory (ROM image or load port), accumulator RAM,
 * post-processing unit and — for the index-free format — its LFSR, draw vector and position scan;
 * P activation banks shared by inputs and outputs; a controller stepping through a layer-descriptor
 * ROM. The cycle behaviour is exactly {@link RamanModel}'s.
 *
 * <p>Host interface (all synchronous): after reset the accumulators are cleared ({@code ready}
 * rises); while not {@code busy}, {@code ld_en} writes {@code ld_data} to bank {@code ld_bank} at
 * {@code ld_addr}; {@code start} runs the program; {@code done} is high for the last cycle and
 * {@code cycles} then holds the run's length; {@code rd_data} is the word of bank {@code rd_bank}
 * at {@code rd_addr} one cycle later.
 */
public final class RamanRtl {
    /** Requantisation shifts above this are stored as factor 0, which gives the same results for 32-bit sums. */
    public static final int MAX_HW_SHIFT = 50;
    /** Position e maps to (row, tap) as row = (e * recip) >> RECIP_SHIFT, exact for the layer's block sizes (checked). */
    static final int RECIP_SHIFT = 16;

    private RamanRtl() {}

    /** Generator options: weights as ROM images in the Verilog or in RAMs written through a load port. */
    public record Options(boolean weightLoadPort) {
        public static final Options ROM = new Options(false);
    }

    /** States of the controller (values are the encoding). */
    static final int INIT = 0;

    static final int IDLE = 1;
    static final int LD0 = 2;
    static final int LD1 = 3;
    static final int BS0 = 4;
    static final int BS1 = 5;
    static final int DRAW = 6;
    static final int STEP = 7;
    static final int DR0 = 8;
    static final int DR1 = 9;
    static final int PPU = 10;
    static final int FIN = 11;
    static final int PASS = 12;

    /** Where things sit in the generated design, for drivers and tests. */
    public record Layout(
            int pes,
            int bankDepth,
            int bankAddrBits,
            int weightDepth,
            int weightWordBits,
            int inputBase,
            int outputBase,
            int outputChannels,
            int outputLen,
            int accDepth) {}

    public static Layout layout(RamanProgram prog) {
        List<RamanProgram.Weighted> layers = layers(prog);
        List<RamanProgram.Step> steps = steps(prog);
        RamanProgram.Step last = steps.get(steps.size() - 1);
        int depth = Math.max(2, prog.params().bankDepth());
        int weightWords = 2;
        for (int w : prog.peWeightWords()) {
            weightWords = Math.max(weightWords, w);
        }
        return new Layout(
                prog.params().pes(),
                depth,
                bitsFor(depth - 1),
                weightWords,
                weightWordBits(prog, layers),
                steps.get(0).inBase(),
                last.outBase(),
                last.outChannels(),
                last.outLen(),
                accDepth(prog, layers));
    }

    /** Accumulator words per PE: the most any layer holds (its PE-0 rows x output positions), at least 2. */
    static int accDepth(RamanProgram prog, List<RamanProgram.Weighted> layers) {
        int depth = 2;
        for (RamanProgram.Weighted w : layers) {
            depth = Math.max(depth, w.rows(0, prog.params().pes()) * w.outLen());
        }
        return depth;
    }

    /** The weighted steps (those with weights, in order). */
    static List<RamanProgram.Weighted> layers(RamanProgram prog) {
        List<RamanProgram.Weighted> out = new ArrayList<>();
        for (RamanProgram.Step s : steps(prog)) {
            if (s instanceof RamanProgram.Weighted w) {
                out.add(w);
            }
        }
        return out;
    }

    /** Every step, checked for what the RTL runs. */
    public static List<RamanProgram.Step> steps(RamanProgram prog) {
        if (prog.steps().isEmpty()) {
            throw new IllegalArgumentException("the program has no layers");
        }
        for (RamanProgram.Step s : prog.steps()) {
            if (s.inBase() < 0) {
                throw new IllegalArgumentException("layer '" + s.name() + "' has no activation-memory allocation");
            }
            if (s instanceof RamanProgram.Weighted w && Integer.bitCount(w.stride()) != 1) {
                throw new IllegalArgumentException(
                        "layer '" + w.name() + "': stride " + w.stride() + " is not a power of two");
            }
        }
        return prog.steps();
    }

    private static int weightWordBits(RamanProgram prog, List<RamanProgram.Weighted> layers) {
        int wb = prog.params().weightBits();
        if (prog.params().format() != SparseFormat.INDEX) {
            return wb;
        }
        return wb + rowIndexBits(prog, layers) + tapIndexBits(layers);
    }

    static int rowIndexBits(RamanProgram prog, List<RamanProgram.Weighted> layers) {
        int rows = 1;
        for (RamanProgram.Weighted w : layers) {
            rows = Math.max(rows, w.rows(0, prog.params().pes()));
        }
        return bitsFor(rows - 1);
    }

    static int tapIndexBits(List<RamanProgram.Weighted> layers) {
        int k = 1;
        for (RamanProgram.Weighted w : layers) {
            k = Math.max(k, w.kernel());
        }
        return bitsFor(k - 1);
    }

    /**
     * PE {@code pe}'s weight-memory image, {@code depth} words in program order: the weight
     * (two's complement, weightBits), under {row, tap} for the stored-index format.
     */
    public static long[] weightImage(RamanProgram prog, int pe, int depth) {
        List<RamanProgram.Weighted> layers = layers(prog);
        int wb = prog.params().weightBits();
        int tapBits = tapIndexBits(layers);
        long[] img = new long[depth];
        int at = 0;
        for (RamanProgram.Weighted w : layers) {
            RamanProgram.PeImage im = w.pes()[pe];
            for (int e = 0; e < im.size(); e++) {
                long wv = im.weight()[e] & ((1L << wb) - 1);
                img[at++] = prog.params().format() == SparseFormat.INDEX
                        ? ((long) im.row()[e] << (tapBits + wb)) | ((long) im.tap()[e] << wb) | wv
                        : wv;
            }
        }
        return img;
    }

    /** Bits to hold 0..max (at least 1). */
    static int bitsFor(long max) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(Math.max(0, max)));
    }

    /** A descriptor field: name, width, value per layer. */
    public static HdlModule build(RamanProgram prog, Options options) {
        return new RamanGen(prog, options).build();
    }
}
