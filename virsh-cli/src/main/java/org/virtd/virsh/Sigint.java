package org.virtd.virsh;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Ctrl-C during {@code event} ends the wait instead of the process, as in virsh. The JDK's only hook for that is
 * {@code sun.misc.Signal} (module jdk.unsupported); it is reached reflectively so the build needs no internal API,
 * and a JVM without it simply keeps the default behaviour (the process ends).
 */
final class Sigint {
    private Sigint() {
    }

    /** Installs {@code onInterrupt} for SIGINT; returns the previous handler, or null when not possible. */
    static Object install(Runnable onInterrupt) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance("INT");
            Object handler = Proxy.newProxyInstance(Sigint.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            onInterrupt.run();
                        }
                        return null;
                    });
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            return handle.invoke(null, signal, handler);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    static void restore(Object previous) {
        if (previous == null) {
            return;
        }
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance("INT");
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, previous);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // Nothing to restore on a JVM without the hook.
        }
    }
}
