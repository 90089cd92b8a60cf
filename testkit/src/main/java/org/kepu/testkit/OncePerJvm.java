package org.kepu.testkit;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A server shared by every test of one JVM: started by the first caller, stopped when the JVM exits. A
 * failed start is remembered, so later tests fail at once with the same cause instead of waiting again.
 */
final class OncePerJvm<T> {

    private final String name;
    private final Supplier<T> start;
    private final Consumer<T> stop;
    private T value;
    private RuntimeException failure;

    OncePerJvm(String name, Supplier<T> start, Consumer<T> stop) {
        this.name = name;
        this.start = start;
        this.stop = stop;
    }

    synchronized T get() {
        if (failure != null) {
            throw failure;
        }
        if (value == null) {
            try {
                value = start.get();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            T started = value;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.accept(started), name + "-stop"));
        }
        return value;
    }
}
