package shears.accelerators.hsi;

import static shears.rtl.hdl.HdlType.uint;

import java.util.ArrayList;
import java.util.List;
import shears.rtl.hdl.HdlModule;
import shears.rtl.hdl.Inst;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Signal;
import shears.rtl.hdl.Wire;
import shears.rtl.ir.Clocking;

/**
 * The streaming segmentation pipeline {@code hsi_pipeline}: raw mosaic pixels in on an AXI4-Stream
 * slave ({@code s_axis_*}), one class label per pixel out on an AXI4-Stream master ({@code m_axis_*},
 * {@code tuser} = first pixel of a frame, {@code tlast} = last of a line), calibration tables through
 * {@code cal_we/cal_addr/cal_data}, a sticky framing-error flag {@code err} and each FIFO's highest
 * occupancy ({@code fifo_max_<stage>}). Stages are instances: front end (demosaic, calibrate,
 * normalise, a rate FIFO of one pixel row), one per CNN stage, forks where a stage has two readers, a FIFO on every skip input, a
 * rate FIFO after every max-pool (one output row) and depth-to-space (two output rows), and the argmax.
 */
public final class HsiRtl {
    private HsiRtl() {}

    /** A stream inside the top module; the consumer drives {@code ready}. */
    private record Stream(Signal valid, Signal data, Wire ready) {}

    public static HdlModule build(StreamPlan plan) {
        ModuleBuilder b = new ModuleBuilder("hsi_pipeline", Clocking.AXI);
        Stream pixels = frontEnd(b, plan.front());
        List<List<Stream>> outs = new ArrayList<>();
        int[] taken = new int[plan.stages().size()];
        for (int i = 0; i < plan.stages().size(); i++) {
            StreamPlan.Stage st = plan.stages().get(i);
            List<Stream> ins = new ArrayList<>();
            for (int src : st.inputs()) {
                ins.add(src == StreamPlan.INPUT ? pixels : outs.get(src).get(taken[src]++));
            }
            Stream out = stage(b, st, ins);
            int readers = plan.consumers(i);
            outs.add(readers == 2 ? fork(b, st, out) : List.of(out));
            if (readers > 2) {
                throw new StreamException("layer '" + st.name() + "': " + readers
                        + " readers; the pipeline forks a stream in two at most");
            }
        }
        argmax(b, plan, outs.get(outs.size() - 1).get(0));
        return b.build();
    }

    private static Stream frontEnd(ModuleBuilder b, StreamPlan.Front f) {
        Inst dm = b.instance("demosaic", FrontEnd.demosaic(f));
        dm.in("s_axis_tdata", b.input("s_axis_tdata", uint(FrontEnd.PORT_BITS)));
        dm.in("s_axis_tvalid", b.input("s_axis_tvalid", uint(1)));
        dm.in("s_axis_tuser", b.input("s_axis_tuser", uint(1)));
        dm.in("s_axis_tlast", b.input("s_axis_tlast", uint(1)));
        b.assign(b.output("s_axis_tready", uint(1)), dm.out("s_axis_tready"));
        b.assign(b.output("err", uint(1)), dm.out("err"));
        Inst cal = b.instance("calibrate", FrontEnd.calibrate());
        cal.in("cal_we", b.input("cal_we", uint(1)));
        cal.in("cal_addr", b.input("cal_addr", uint(6)));
        cal.in("cal_data", b.input("cal_data", uint(32)));
        connect(b, dm, "out", cal, "in");
        Inst norm = b.instance("normalise", FrontEnd.normalise(f));
        connect(b, cal, "out", norm, "in");
        // the front end delivers a super-row in a burst on every fifth sensor line: a row of slack
        Inst fifo = b.instance(
                "rate_pixels",
                StreamUnits.fifo("pixels", f.keep().length, f.crop().width()));
        connect(b, norm, "out", fifo, "in");
        b.assign(b.output("fifo_max_pixels", fifo.out("max_occ").type()), fifo.out("max_occ"));
        Wire ready = b.wire("pixels_ready", uint(1));
        fifo.in("out_ready", ready);
        return new Stream(fifo.out("out_valid"), fifo.out("out_data"), ready);
    }

    /** {@code from}'s {@code <a>_valid/_data} into {@code to}'s {@code <b>_valid/_data}, ready back. */
    private static void connect(ModuleBuilder b, Inst from, String a, Inst to, String c) {
        to.in(c + "_valid", from.out(a + "_valid"));
        to.in(c + "_data", from.out(a + "_data"));
        from.in(a + "_ready", to.out(c + "_ready"));
    }

    private static Stream stage(ModuleBuilder b, StreamPlan.Stage st, List<Stream> ins) {
        if (st instanceof StreamPlan.Cat cat) {
            Inst i = b.instance("s_" + cat.name(), StreamUnits.cat(cat));
            Stream skip = fifo(b, cat, ins.get(1));
            feed(b, ins.get(0), i, "a");
            feed(b, skip, i, "b");
            return output(b, st.name(), i);
        }
        HdlModule m;
        if (st instanceof StreamPlan.Conv c) {
            m = ConvUnit.build(c);
        } else if (st instanceof StreamPlan.Pool p) {
            m = StreamUnits.pool(p);
        } else {
            m = StreamUnits.up((StreamPlan.Up) st);
        }
        Inst i = b.instance("s_" + st.name(), m);
        feed(b, ins.get(0), i, "in");
        Stream out = output(b, st.name(), i);
        int rows = st instanceof StreamPlan.Pool ? 1 : st instanceof StreamPlan.Up ? 2 : 0;
        return rows == 0 ? out : rateFifo(b, st, out, rows * st.outWidth());
    }

    /**
     * A FIFO of {@code depth} pixels after a stage whose output comes in row bursts (a max-pool emits on
     * odd rows only, depth-to-space a whole row at a time), so the stages on either side keep their own
     * pace instead of waiting for each other.
     */
    private static Stream rateFifo(ModuleBuilder b, StreamPlan.Stage st, Stream in, int depth) {
        Inst f = b.instance("rate_" + st.name(), StreamUnits.fifo(st.name(), st.outChannels(), depth));
        feed(b, in, f, "in");
        b.assign(b.output("fifo_max_" + st.name(), f.out("max_occ").type()), f.out("max_occ"));
        return output(b, st.name() + "_rate", f);
    }

    private static void feed(ModuleBuilder b, Stream s, Inst i, String port) {
        i.in(port + "_valid", s.valid());
        i.in(port + "_data", s.data());
        b.assign(s.ready(), i.out(port + "_ready"));
    }

    private static Stream output(ModuleBuilder b, String name, Inst i) {
        Wire ready = b.wire(name + "_ready", uint(1));
        i.in("out_ready", ready);
        return new Stream(i.out("out_valid"), i.out("out_data"), ready);
    }

    private static Stream fifo(ModuleBuilder b, StreamPlan.Cat cat, Stream in) {
        Inst f = b.instance("skip_" + cat.name(), StreamUnits.fifo(cat.name(), cat.channelsB(), cat.fifoDepth()));
        feed(b, in, f, "in");
        Stream out = output(b, cat.name() + "_skip", f);
        b.assign(b.output("fifo_max_" + cat.name(), f.out("max_occ").type()), f.out("max_occ"));
        return out;
    }

    private static List<Stream> fork(ModuleBuilder b, StreamPlan.Stage st, Stream in) {
        Inst f = b.instance("fork_" + st.name(), StreamUnits.fork(st.name(), st.outChannels()));
        f.in("in_valid", in.valid());
        f.in("in_data", in.data());
        b.assign(in.ready(), f.out("in_ready"));
        Wire a = b.wire(st.name() + "_a_ready", uint(1));
        Wire c = b.wire(st.name() + "_b_ready", uint(1));
        f.in("a_ready", a);
        f.in("b_ready", c);
        return List.of(
                new Stream(f.out("a_valid"), f.out("out_data"), a), new Stream(f.out("b_valid"), f.out("out_data"), c));
    }

    /** The argmax module on the head's stream, driving {@code m_axis_*}. */
    private static void argmax(ModuleBuilder b, StreamPlan plan, Stream logits) {
        Inst a = b.instance(
                "argmax", StreamUnits.argmax(plan.stages().get(plan.stages().size() - 1), plan.classes()));
        feed(b, logits, a, "in");
        a.in("m_axis_tready", b.input("m_axis_tready", uint(1)));
        for (String port : new String[] {"m_axis_tvalid", "m_axis_tdata", "m_axis_tuser", "m_axis_tlast"}) {
            b.assign(b.output(port, a.out(port).type()), a.out(port));
        }
    }
}
