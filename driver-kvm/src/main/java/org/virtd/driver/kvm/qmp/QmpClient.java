package org.virtd.driver.kvm.qmp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A client of QEMU's QMP monitor on a UNIX socket. Asynchronous: each command carries an {@code id}, one reader
 * virtual thread matches replies to their futures and hands events to the listeners, which run in order on one
 * virtual thread per client (so a listener may send commands). Every command has a deadline; a monitor that hangs
 * fails its own calls with a timeout and nothing else, since each domain has its own client and threads. A closed
 * or broken connection fails every pending command at once.
 */
public final class QmpClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final SocketChannel channel;
    private final OutputStream out;
    private final JsonNode greeting;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<QmpEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService events = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("qmp-events").factory());
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicReference<QmpConnectionException> failure = new AtomicReference<>();
    private volatile Duration timeout = DEFAULT_TIMEOUT;

    private QmpClient(SocketChannel channel, JsonNode greeting, MappingIterator<JsonNode> in) {
        this.channel = channel;
        this.out = Channels.newOutputStream(channel);
        this.greeting = greeting;
        Thread.ofVirtual().name("qmp-reader").start(() -> readLoop(in));
    }

    /**
     * Connects to the monitor at {@code socket}, reads QEMU's greeting and leaves capabilities negotiation mode
     * ({@code qmp_capabilities}), within {@code timeout}.
     */
    public static QmpClient connect(Path socket, Duration timeout) throws IOException, QmpException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            InputStream in = Channels.newInputStream(ch);
            MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(in);
            JsonNode greeting = withDeadline(() -> values.hasNextValue() ? values.nextValue() : null, timeout, ch);
            if (greeting == null || !greeting.has("QMP")) {
                throw new IOException("not a QMP monitor: " + socket + " greeted with " + greeting);
            }
            QmpClient c = new QmpClient(ch, greeting, values);
            c.timeout = timeout;
            c.execute("qmp_capabilities", null);
            return c;
        } catch (IOException | QmpException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private interface Read {
        JsonNode read() throws IOException;
    }

    /** A blocking read bounded in time: on expiry the channel is closed, which ends the read. */
    private static JsonNode withDeadline(Read read, Duration timeout, SocketChannel ch) throws IOException {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                f.complete(read.read());
            } catch (IOException | RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ch.close();
            t.interrupt();
            throw new IOException("no QMP greeting within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ch.close();
            throw new IOException("interrupted while waiting for the QMP greeting");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        }
    }

    /** QEMU's greeting: {@code {"QMP": {"version": ..., "capabilities": [...]}}}. */
    public JsonNode greeting() { return greeting; }

    /** The deadline of each command sent from now on. */
    public void setTimeout(Duration d) { timeout = d; }

    public boolean isOpen() { return failure.get() == null; }

    public void onEvent(Consumer<QmpEvent> listener) { listeners.add(listener); }

    /** Runs once the connection is gone (QEMU exited, or {@link #close}). */
    public void onClose(Runnable r) {
        closeListeners.add(r);
        if (!isOpen()) Thread.ofVirtual().start(r);
    }

    /** Sends a command; the future completes with its {@code return} value or a {@link QmpException}. */
    public CompletableFuture<JsonNode> executeAsync(String command, ObjectNode arguments) {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        QmpConnectionException dead = failure.get();
        if (dead != null) {
            f.completeExceptionally(dead);
            return f;
        }
        String id = "virtd-" + nextId.incrementAndGet();
        ObjectNode msg = JsonNodeFactory.instance.objectNode();
        msg.put("execute", command);
        if (arguments != null) msg.set("arguments", arguments);
        msg.put("id", id);
        pending.put(id, f);
        // A failure that raced with this call may have swept the pending table before the put.
        QmpConnectionException raced = failure.get();
        if (raced != null) {
            pending.remove(id);
            f.completeExceptionally(raced);
            return f;
        }
        long ms = timeout.toMillis();
        f.orTimeout(ms, TimeUnit.MILLISECONDS).whenComplete((v, e) -> pending.remove(id));
        try {
            byte[] bytes = (JSON.writeValueAsString(msg) + "\r\n").getBytes(StandardCharsets.UTF_8);
            synchronized (out) {
                out.write(bytes);
            }
        } catch (IOException e) {
            fail(new QmpConnectionException("QMP monitor connection lost: " + e.getMessage(), e));
        }
        return f;
    }

    /** Sends a command and waits for its answer, at most the deadline. */
    public JsonNode execute(String command, ObjectNode arguments) throws QmpException {
        CompletableFuture<JsonNode> f = executeAsync(command, arguments);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpConnectionException("interrupted while waiting for " + command, false, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof QmpException q) throw q;
            if (c instanceof QmpConnectionException q) throw q;
            if (c instanceof TimeoutException) {
                throw new QmpConnectionException("QMP command " + command + " got no answer within "
                        + timeout.toMillis() + " ms", true, c);
            }
            throw new QmpConnectionException("QMP command " + command + " failed: " + c, false, c);
        }
    }

    private void readLoop(MappingIterator<JsonNode> in) {
        try {
            while (in.hasNextValue()) {
                JsonNode m = in.nextValue();
                if (m.has("event")) {
                    JsonNode ts = m.path("timestamp");
                    QmpEvent ev = new QmpEvent(m.get("event").asText(), m.path("data"), ts.path("seconds").asLong(),
                            ts.path("microseconds").asLong());
                    for (Consumer<QmpEvent> l : listeners) events.execute(() -> l.accept(ev));
                    continue;
                }
                CompletableFuture<JsonNode> f = pending.remove(m.path("id").asText());
                if (f == null) continue; // its caller gave up (deadline), or a reply without our id
                if (m.has("error")) {
                    JsonNode err = m.get("error");
                    f.completeExceptionally(new QmpException(err.path("class").asText(), err.path("desc").asText()));
                } else {
                    f.complete(m.path("return"));
                }
            }
            fail(new QmpConnectionException("QMP monitor closed the connection", false, null));
        } catch (JsonProcessingException e) {
            fail(new QmpConnectionException("QMP monitor sent malformed JSON: " + e.getOriginalMessage(), e));
        } catch (IOException | RuntimeException e) {
            fail(new QmpConnectionException("QMP monitor connection lost: " + e.getMessage(), false, e));
        }
    }

    private void fail(QmpConnectionException e) {
        if (!failure.compareAndSet(null, e)) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (var f : pending.values()) f.completeExceptionally(e);
        pending.clear();
        for (Runnable r : closeListeners) events.execute(r);
        events.shutdown();
    }

    @Override
    public void close() {
        fail(new QmpConnectionException("QMP client closed", false, null));
    }
}
