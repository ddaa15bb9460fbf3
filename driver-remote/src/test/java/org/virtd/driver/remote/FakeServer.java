package org.virtd.driver.remote;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A scriptable libvirt RPC server on loopback, speaking raw frames: answers the handshake as libvirtd does,
 * records every frame it receives, and can misbehave (hang up, reset) on cue. One client at a time.
 */
final class FakeServer implements AutoCloseable {
    static final int REMOTE = 0x20008086;
    static final int KEEPALIVE = 0x6b656570;
    static final int CALL = 0;
    static final int REPLY = 1;
    static final int MESSAGE = 2;

    /** One frame as received. */
    record Frame(int prog, int vers, int proc, int type, int serial, int status, byte[] body) {
        int bodyInt(int index) {
            return ByteBuffer.wrap(body).getInt(index * 4);
        }
    }

    /** What to do with one call. */
    sealed interface Action {
        record Reply(byte[] body) implements Action {
        }

        record Error(byte[] body) implements Action {
        }

        record HangUp() implements Action {
        }

        record Reset() implements Action {
        }
    }

    @FunctionalInterface
    interface Script {
        /** The answer to {@code call}, or null for the default (libvirtd-like) answer. */
        @Nullable Action answer(Frame call);
    }

    private final ServerSocket server;
    private final Thread thread;
    private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private volatile Script script = c -> null;
    private volatile int[] authTypes = {0};
    private volatile @Nullable Socket client;
    private volatile @Nullable DataOutputStream out;
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    FakeServer() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "fake-libvirtd");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void script(Script s) {
        this.script = s;
    }

    void authTypes(int... types) {
        this.authTypes = types;
    }

    /** The next frame received, waiting up to {@code seconds}; null on timeout. */
    @Nullable Frame next(double seconds) throws InterruptedException {
        return received.poll((long) (seconds * 1000), TimeUnit.MILLISECONDS);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                client = s;
                DataInputStream in = new DataInputStream(s.getInputStream());
                out = new DataOutputStream(s.getOutputStream());
                while (true) {
                    Frame f = read(in);
                    received.add(f);
                    if (f.type() == CALL && !answer(s, f)) {
                        break;
                    }
                }
            } catch (EOFException e) {
                events.add("eof");
            } catch (IOException e) {
                events.add("closed: " + e.getMessage());
            }
        }
    }

    private static Frame read(DataInputStream in) throws IOException {
        int len = in.readInt();
        int prog = in.readInt();
        int vers = in.readInt();
        int proc = in.readInt();
        int type = in.readInt();
        int serial = in.readInt();
        int status = in.readInt();
        byte[] body = new byte[len - 28];
        in.readFully(body);
        return new Frame(prog, vers, proc, type, serial, status, body);
    }

    /** Returns false when the connection was dropped on purpose. */
    private boolean answer(Socket s, Frame f) throws IOException {
        Action a = script.answer(f);
        if (a == null) {
            a = defaultAnswer(f);
        }
        switch (a) {
            case Action.Reply r -> send(f.prog(), f.proc(), REPLY, f.serial(), 0, r.body());
            case Action.Error e -> send(f.prog(), f.proc(), REPLY, f.serial(), 1, e.body());
            case Action.HangUp h -> {
                s.shutdownOutput();
                s.close();
                return false;
            }
            case Action.Reset r -> {
                s.setSoLinger(true, 0);
                s.close();
                return false;
            }
        }
        return true;
    }

    private Action defaultAnswer(Frame f) {
        return switch (f.proc()) {
            case 66 -> {
                int[] t = authTypes;
                int[] body = new int[t.length + 1];
                body[0] = t.length;
                System.arraycopy(t, 0, body, 1, t.length);
                yield new Action.Reply(ints(body));
            }
            case 60 -> new Action.Reply(ints(1));
            case 1, 2, 360, 361 -> new Action.Reply(new byte[0]);
            default -> new Action.Error(error(3, 20, "this function is not supported by the connection driver: x",
                    "this function is not supported by the connection driver: %s", "x", null, -1, -1));
        };
    }

    synchronized void send(int prog, int proc, int type, int serial, int status, byte[] body) throws IOException {
        DataOutputStream o = out;
        if (o == null) {
            throw new IOException("no client");
        }
        o.writeInt(28 + body.length);
        o.writeInt(prog);
        o.writeInt(1);
        o.writeInt(proc);
        o.writeInt(type);
        o.writeInt(serial);
        o.writeInt(status);
        o.write(body);
        o.flush();
    }

    static byte[] ints(int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4);
        for (int i : v) {
            b.putInt(i);
        }
        return b.array();
    }

    static void string(ByteArrayOutputStream o, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.writeBytes(ints(b.length));
        o.writeBytes(b);
        o.writeBytes(new byte[(4 - b.length % 4) % 4]);
    }

    static void optString(ByteArrayOutputStream o, @Nullable String s) {
        if (s == null) {
            o.writeBytes(ints(0));
        } else {
            o.writeBytes(ints(1));
            string(o, s);
        }
    }

    /** A remote_error body. */
    static byte[] error(int code, int domain, @Nullable String message, @Nullable String str1, @Nullable String str2,
            @Nullable String str3, int int1, int int2) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(ints(code, domain));
        optString(o, message);
        o.writeBytes(ints(2, 0));
        optString(o, str1);
        optString(o, str2);
        optString(o, str3);
        o.writeBytes(ints(int1, int2, 0));
        return o.toByteArray();
    }

    /** The string at the start of a body ({@code remote_string}: present flag, then the string). */
    static @Nullable String optStringAt(byte[] body, int offset) {
        ByteBuffer b = ByteBuffer.wrap(body);
        if (b.getInt(offset) == 0) {
            return null;
        }
        int len = b.getInt(offset + 4);
        return new String(body, offset + 8, len, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket c = client;
        if (c != null) {
            c.close();
        }
    }
}
