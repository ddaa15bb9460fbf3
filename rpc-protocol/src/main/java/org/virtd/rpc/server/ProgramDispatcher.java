package org.virtd.rpc.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.virtd.rpc.wire.Procedure;
import org.virtd.rpc.wire.Program;

/**
 * The handlers of one program, in a dense array indexed by procedure number (libvirt's
 * {@code virNetServerProgramGetProc}). {@link Builder#build()} refuses a table with an unbound call, a
 * procedure bound twice, or a handler for another program's procedure, so a gap fails at start-up, not at
 * the first client that hits it.
 */
public final class ProgramDispatcher {
    private final Program program;
    private final @Nullable CallHandler<?, ?>[] handlers;

    private ProgramDispatcher(Program program, @Nullable CallHandler<?, ?>[] handlers) {
        this.program = program;
        this.handlers = handlers;
    }

    public static Builder builder(Program program) {
        return new Builder(program);
    }

    public Program program() {
        return program;
    }

    /** The handler of {@code number}, or null for numbers that are not calls of this program (events included). */
    @Nullable CallHandler<?, ?> handler(int number) {
        return number >= 0 && number < handlers.length ? handlers[number] : null;
    }

    public static final class Builder {
        private final Program program;
        private final @Nullable CallHandler<?, ?>[] handlers;
        private final List<String> problems = new ArrayList<>();

        private Builder(Program program) {
            this.program = program;
            int max = 0;
            for (Procedure<?, ?> p : program.procedures()) {
                max = Math.max(max, p.number());
            }
            this.handlers = new CallHandler<?, ?>[max + 1];
        }

        public <A, R> Builder bind(Procedure<A, R> procedure, CallHandler<A, R> handler) {
            Objects.requireNonNull(handler, "handler");
            if (program.procedure(procedure.number()) != procedure) {
                problems.add(procedure + " does not belong to " + program);
            } else if (procedure.kind() != Procedure.Kind.CALL) {
                problems.add(procedure + " is an event; servers send it, they do not answer it");
            } else if (handlers[procedure.number()] != null) {
                problems.add(procedure + " bound twice");
            } else {
                handlers[procedure.number()] = handler;
            }
            return this;
        }

        /**
         * Binds every call still unbound to a handler made by {@code fallback} (the daemon answers procedures
         * it has no API for with libvirt's "not supported" error this way, naming the API).
         */
        public Builder bindRemaining(Function<Procedure<?, ?>, CallHandler<Object, Object>> fallback) {
            for (Procedure<?, ?> p : program.procedures()) {
                if (p.kind() == Procedure.Kind.CALL && handlers[p.number()] == null) {
                    handlers[p.number()] = fallback.apply(p);
                }
            }
            return this;
        }

        public ProgramDispatcher build() {
            for (Procedure<?, ?> p : program.procedures()) {
                if (p.kind() == Procedure.Kind.CALL && handlers[p.number()] == null) {
                    problems.add(p + " has no handler");
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("dispatch table of " + program + " is wrong: "
                        + String.join("; ", problems));
            }
            return new ProgramDispatcher(program, handlers.clone());
        }
    }
}
