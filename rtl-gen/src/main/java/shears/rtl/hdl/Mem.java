package shears.rtl.hdl;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import shears.rtl.ir.Op;
import shears.rtl.ir.SourceLoc;

/**
 * A memory under construction: synchronous-read RAM with one write port and any number of read
 * ports, or a ROM with initial contents. Each read port is a registered output (one cycle latency).
 * Addresses are unsigned and exactly {@link #addrWidth()} bits (narrower ones are zero-extended).
 */
public final class Mem {
    final ModuleBuilder owner;
    final String name;
    final HdlType type;
    final int depth;
    final List<BigInteger> init;
    final boolean rom;
    final SourceLoc loc;
    final int index;
    Signal writeEnable;
    Signal writeAddr;
    Signal writeData;
    SourceLoc writeLoc;
    final List<Node> readPorts = new ArrayList<>();

    Mem(
            ModuleBuilder owner,
            String name,
            HdlType type,
            int depth,
            List<BigInteger> init,
            boolean rom,
            SourceLoc loc,
            int index) {
        this.owner = owner;
        this.name = name;
        this.type = type;
        this.depth = depth;
        this.init = init;
        this.rom = rom;
        this.loc = loc;
        this.index = index;
    }

    public String name() {
        return name;
    }

    public int depth() {
        return depth;
    }

    public HdlType type() {
        return type;
    }

    public int addrWidth() {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(depth - 1L));
    }

    /** A read port without enable: the result is the word at {@code addr} one cycle later. */
    public Signal read(String portName, Signal addr) {
        return read(portName, addr, null);
    }

    /** A read port that updates only when {@code enable} is 1 (holds otherwise). */
    public Signal read(String portName, Signal addr, Signal enable) {
        SourceLoc at = Locations.caller();
        owner.checkOpen(at);
        owner.claimName(portName, at);
        Signal a = address(addr, "read address");
        Signal en = enable == null ? null : bit(enable, "read enable");
        Node n = enable == null
                ? owner.node(Op.MEM_READ, type, index, null, a)
                : owner.node(Op.MEM_READ, type, index, null, a, en);
        n.ref = this;
        n.name = portName;
        readPorts.add(n);
        return n;
    }

    /** The single write port: when {@code enable} is 1 at the clock edge, {@code data} is stored at {@code addr}. */
    public void write(Signal enable, Signal addr, Signal data) {
        SourceLoc at = Locations.caller();
        owner.checkOpen(at);
        if (rom) {
            throw new DesignException("ROM '" + name + "' has no write port", at);
        }
        if (writeEnable != null) {
            throw new DesignException(
                    "memory '" + name + "' has a write port already (at " + writeLoc + "); multiple drivers",
                    at,
                    writeLoc);
        }
        Signal en = bit(enable, "write enable");
        Signal a = address(addr, "write address");
        owner.checkSame(data);
        if (data.width() > type.width() || data.isSigned() != type.signed()) {
            throw new DesignException(
                    "width mismatch: write data " + data.describe() + " " + data.type() + " for memory '" + name
                            + "' of " + type,
                    at);
        }
        writeEnable = en;
        writeAddr = a;
        writeData = data.ext(type.width());
        writeLoc = at;
    }

    private Signal address(Signal addr, String what) {
        owner.checkSame(addr);
        if (addr.isSigned() || addr.width() > addrWidth()) {
            throw new DesignException(
                    "width mismatch: " + what + " " + addr.describe() + " " + addr.type() + " for memory '" + name
                            + "' needs UInt<" + addrWidth() + ">",
                    Locations.caller());
        }
        return addr.zextTo(addrWidth());
    }

    private Signal bit(Signal s, String what) {
        owner.checkSame(s);
        if (s.width() != 1) {
            throw new DesignException(
                    "width mismatch: " + what + " of memory '" + name + "' must be 1 bit, " + s.describe() + " is "
                            + s.type(),
                    Locations.caller());
        }
        return s;
    }
}
