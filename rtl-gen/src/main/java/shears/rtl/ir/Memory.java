package shears.rtl.ir;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * A memory array: synchronous-read RAM with at most one synchronous write port, or a ROM (no write
 * port) with initial contents. Read ports are {@link Op#MEM_READ} cells that name this memory by
 * index.
 *
 * @param name  builder name, emitted as the Verilog array name
 * @param width word width in bits
 * @param depth number of words
 * @param init  initial contents, word 0 first; empty means all zero; shorter lists pad with zero
 * @param write the write port, or null for a ROM
 */
public record Memory(String name, int width, int depth, List<BigInteger> init, WritePort write, SourceLoc loc) {
    public Memory {
        Objects.requireNonNull(name, "name");
        if (width < 1 || depth < 1) {
            throw new IllegalArgumentException("memory " + name + ": width and depth must be >= 1");
        }
        init = List.copyOf(init);
        if (init.size() > depth) {
            throw new IllegalArgumentException(
                    "memory " + name + ": " + init.size() + " initial words for depth " + depth);
        }
        for (BigInteger v : init) {
            if (v.signum() < 0 || v.bitLength() > width) {
                throw new IllegalArgumentException(
                        "memory " + name + ": initial word " + v + " does not fit " + width + " bits");
            }
        }
        if (loc == null) {
            loc = SourceLoc.UNKNOWN;
        }
    }

    /** Address width: enough bits to index every word (at least 1). */
    public int addrWidth() {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(depth - 1L));
    }

    public BigInteger initWord(int i) {
        return i < init.size() ? init.get(i) : BigInteger.ZERO;
    }

    public boolean isRom() {
        return write == null;
    }

    public Memory withWrite(WritePort w) {
        return new Memory(name, width, depth, init, w, loc);
    }

    /** Synchronous write: when {@code enable} is 1 at the clock edge, word {@code addr} takes {@code data}. */
    public record WritePort(int enable, int addr, int data) {}
}
