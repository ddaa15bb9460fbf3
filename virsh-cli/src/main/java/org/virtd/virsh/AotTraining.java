package org.virtd.virsh;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The launcher's training run for the JDK's AOT cache ({@code bin/virsh}, JDK 25+): loads the classes of the
 * wire protocol and the remote driver, which a training run cannot reach by itself (it has no daemon to talk to),
 * then runs virsh with the given arguments as {@link Main} does. Classes loaded here are stored in the cache, so a
 * real {@code virsh -c qemu+tcp://...} does not load and verify them from the jars at every start.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        for (String anchor : new String[] {"org.virtd.rpc.proto.remote.RemoteProcedure",
            "org.virtd.driver.remote.RemoteDriver", "io.netty.channel.epoll.Epoll"}) {
            preloadJarOf(anchor);
        }
        Main.main(args);
    }

    private static void preloadJarOf(String anchor) throws IOException {
        ClassLoader loader = AotTraining.class.getClassLoader();
        Path jar;
        try {
            jar = Path.of(Class.forName(anchor, false, loader).getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
        } catch (ClassNotFoundException | URISyntaxException e) {
            return;
        }
        try (JarFile f = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> en = f.entries(); en.hasMoreElements(); ) {
                String name = en.nextElement().getName();
                if (!name.endsWith(".class") || name.contains("-") || name.startsWith("META-INF")) {
                    continue;
                }
                try {
                    Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    // Optional dependencies of a library class: not needed at run time either.
                }
            }
        }
    }
}
