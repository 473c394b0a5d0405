package shears.rtl.hdl;

/**
 * The continuation of a {@code when}: add {@code elseWhen} branches and one {@code otherwise}.
 * Each branch's assignments are guarded by its condition and the negation of every earlier one.
 */
public final class WhenChain {
    private final ModuleBuilder builder;
    private final Signal parentGuard;
    private Signal taken;
    private boolean closed;

    WhenChain(ModuleBuilder builder, Signal parentGuard, Signal firstCondition) {
        this.builder = builder;
        this.parentGuard = parentGuard;
        this.taken = firstCondition;
    }

    public WhenChain elseWhen(Signal condition, Runnable body) {
        if (closed) {
            throw new DesignException("elseWhen after otherwise", Locations.caller());
        }
        builder.checkCondition(condition);
        Signal guard = taken.not().and(condition);
        taken = taken.or(condition);
        builder.runGuarded(parentGuard, guard, body);
        return this;
    }

    public void otherwise(Runnable body) {
        if (closed) {
            throw new DesignException("second otherwise", Locations.caller());
        }
        closed = true;
        builder.runGuarded(parentGuard, taken.not(), body);
    }
}
