package org.virtd.virsh.command.domain;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.virtd.api.Domain;
import org.virtd.api.Stream;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code screenshot DOMAIN [--file F] [--screen N]}: the image arrives over a stream and is written to F. */
@Command(name = "screenshot", header = "take a screenshot of a current domain console and store it into a file",
        description = "screenshot of a current domain console")
public final class ScreenshotCommand implements VshCommand {
    /** virStreamRecvAll's buffer: one stream packet. */
    private static final int CHUNK = 262120;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH:mm:ss");

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--file", paramLabel = OptionType.LABEL_STRING, description = "where to store the screenshot")
    String file;

    @Option(names = "--screen", paramLabel = OptionType.LABEL_INT, description = "ID of a screen to take screenshot of")
    String screen;

    @Override
    public boolean run(Virsh ctl) {
        String path = ctl.optStringReq("file");
        Long screenId = ctl.optUInt("screen");
        Domain dom = ctl.commandOptDomain();
        String name = ctl.optStringReq("domain");
        Stream st = ctl.conn().newStream(0);
        String mime;
        try {
            mime = dom.screenshot(st, screenId == null ? 0 : screenId.intValue(), 0);
        } catch (VirException e) {
            throw ctl.fail(e, "could not take a screenshot of " + name);
        }
        if (path == null) {
            path = dom.name() + "-" + LocalDateTime.now().format(STAMP) + extension(mime);
        }
        Path target = Path.of(path);
        boolean created = false;
        boolean ok = false;
        try {
            OutputStream opened;
            try {
                opened = Files.newOutputStream(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
                created = true;
            } catch (FileAlreadyExistsException e) {
                opened = Files.newOutputStream(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            }
            try (OutputStream out = opened) {
                receiveAll(ctl, st, out, name);
            } catch (IOException e) {
                throw ctl.fail("cannot close file " + path);
            }
            try {
                st.finish();
            } catch (VirException e) {
                throw ctl.fail(e, "cannot close stream on domain '" + name + "'");
            }
            ok = true;
        } catch (IOException e) {
            throw ctl.fail("cannot create file " + path);
        } finally {
            if (!ok && created) {
                try {
                    Files.deleteIfExists(target);
                } catch (IOException ignored) {
                    // virsh's unlink is best effort too
                }
            }
        }
        ctl.printExtra("Screenshot saved to " + path + ", with type of " + mime);
        return true;
    }

    /** virStreamRecvAll: everything up to the end of the stream into {@code out}; the stream is aborted on failure. */
    private static void receiveAll(Virsh ctl, Stream st, OutputStream out, String name) {
        byte[] buf = new byte[CHUNK];
        try {
            int n;
            while ((n = st.recv(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (VirException | IOException e) {
            try {
                st.abort();
            } catch (VirException ignored) {
                // the receive error is the one to report
            }
            if (e instanceof VirException v) {
                ctl.saveError(v);
            }
            throw ctl.fail("could not receive data from domain '" + name + "'");
        }
    }

    private static String extension(String mime) {
        return switch (mime) {
            case "image/x-portable-pixmap" -> ".ppm";
            case "image/png" -> ".png";
            default -> "";
        };
    }
}
