package org.virtd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtd.daemon.config.DaemonConfig;
import org.virtd.daemon.config.DaemonPaths;

/** Expected messages are those real libvirtd 9.0.0 printed for the same arguments. */
class DaemonOptionsTest {

    @Test
    void noArguments() throws Exception {
        DaemonOptions o = DaemonOptions.parse();
        assertFalse(o.verbose() || o.daemon() || o.listen() || o.helpRequested() || o.versionRequested());
        assertEquals(0, o.timeoutSeconds());
        assertNull(o.configFile());
        assertNull(o.pidFile());
        assertNull(o.rootDir());
    }

    @Test
    void longOptions() throws Exception {
        DaemonOptions o = DaemonOptions.parse("--verbose", "--daemon", "--listen", "--config", "/c.conf",
                "--timeout", "30", "--pid-file=/p.pid", "--root", "/r");
        assertTrue(o.verbose() && o.daemon() && o.listen());
        assertEquals(Path.of("/c.conf"), o.configFile());
        assertEquals(30, o.timeoutSeconds());
        assertEquals(Path.of("/p.pid"), o.pidFile());
        assertEquals(Path.of("/r"), o.rootDir());
    }

    @Test
    void shortOptionsClusterAndTakeAttachedValues() throws Exception {
        DaemonOptions o = DaemonOptions.parse("-vlf/x.conf", "-t5", "-p", "/p.pid", "-d");
        assertTrue(o.verbose() && o.listen() && o.daemon());
        assertEquals(Path.of("/x.conf"), o.configFile());
        assertEquals(5, o.timeoutSeconds());
        assertEquals(Path.of("/p.pid"), o.pidFile());
        assertTrue(DaemonOptions.parse("-V").versionRequested());
        assertTrue(DaemonOptions.parse("-h").helpRequested());
    }

    @Test
    void longOptionsMayBeAbbreviated() throws Exception {
        DaemonOptions o = DaemonOptions.parse("--verb", "--con=/nonexist", "--pid", "/p", "--ro=/r");
        assertTrue(o.verbose());
        assertEquals(Path.of("/nonexist"), o.configFile());
        assertEquals(Path.of("/p"), o.pidFile());
        assertEquals(Path.of("/r"), o.rootDir());
    }

    @Test
    void aValueMayLookLikeAnOption() throws Exception {
        assertEquals(Path.of("-v"), DaemonOptions.parse("-f", "-v").configFile());
        assertEquals(Path.of("--listen"), DaemonOptions.parse("--config", "--listen").configFile());
    }

    @Test
    void timeoutIsReadLikeStrtol() throws Exception {
        // libvirtd ignores what follows the digits
        assertEquals(10, DaemonOptions.parse("-t", "10abc").timeoutSeconds());
        assertEquals(7, DaemonOptions.parse("-t", " +7").timeoutSeconds());
        assertEquals(2147483, DaemonOptions.parse("-t", "2147483").timeoutSeconds());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(new String[] {"-t", "-1"}, "Invalid value for timeout", false),
                Arguments.of(new String[] {"-t", "2147484"}, "Invalid value for timeout", false),
                Arguments.of(new String[] {"-t", "-v"}, "Invalid value for timeout", false),
                Arguments.of(new String[] {"-t", "abc"}, "Invalid value for timeout", false),
                Arguments.of(new String[] {"-t", "99999999999999999999"}, "Invalid value for timeout", false),
                Arguments.of(new String[] {"-f"}, "virtd: option requires an argument -- 'f'", true),
                Arguments.of(new String[] {"-p"}, "virtd: option requires an argument -- 'p'", true),
                Arguments.of(new String[] {"-vt"}, "virtd: option requires an argument -- 't'", true),
                Arguments.of(new String[] {"--pid"}, "virtd: option '--pid-file' requires an argument", true),
                Arguments.of(new String[] {"--config"}, "virtd: option '--config' requires an argument", true),
                Arguments.of(new String[] {"--ver"},
                        "virtd: option '--ver' is ambiguous; possibilities: '--verbose' '--version'", true),
                Arguments.of(new String[] {"--bogus"}, "virtd: unrecognized option '--bogus'", true),
                Arguments.of(new String[] {"--bogus=1"}, "virtd: unrecognized option '--bogus=1'", true),
                Arguments.of(new String[] {"-x"}, "virtd: invalid option -- 'x'", true),
                Arguments.of(new String[] {"-vx"}, "virtd: invalid option -- 'x'", true),
                Arguments.of(new String[] {"--verbose=1"},
                        "virtd: option '--verbose' doesn't allow an argument", true),
                Arguments.of(new String[] {"extra"},
                        "virtd: unexpected, non-option, command line arguments", false),
                Arguments.of(new String[] {"-vl", "--", "x"},
                        "virtd: unexpected, non-option, command line arguments", false));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusedCommandLines(String[] args, String message, boolean showUsage) {
        DaemonOptions.UsageException e = assertThrows(DaemonOptions.UsageException.class,
                () -> DaemonOptions.parse(args));
        assertEquals(message, e.getMessage());
        assertEquals(showUsage, e.showUsage());
        assertEquals(1, e.exitStatus());
    }

    @Test
    void versionLine() {
        assertEquals("virtd (virtd) 0.1.0", DaemonOptions.versionLine("0.1.0"));
    }

    @Test
    void usageHasLibvirtdsLayoutAndTheRealDefaults() throws Exception {
        String usage = DaemonOptions.usage(DaemonPaths.of(DaemonConfig.defaults(), null, null, null));
        assertTrue(usage.startsWith("\nUsage:\n  virtd [options]\n\nOptions:\n"
                + "  -h | --help            Display program help\n"), usage);
        assertTrue(usage.contains("  -p | --pid-file <file> Change name of PID file\n"), usage);
        assertTrue(usage.contains("    Configuration file (unless overridden by -f):\n"
                + "      /etc/virtd/virtd.conf\n"), usage);
        assertTrue(usage.contains("    Sockets:\n      /run/virtd/libvirt-sock\n"
                + "      /run/virtd/libvirt-sock-ro\n"), usage);
        assertTrue(usage.endsWith("    PID file (unless overridden by -p):\n      /run/virtd.pid\n\n"), usage);

        String relocated = DaemonOptions.parse("--root", "/srv/v").usage();
        assertTrue(relocated.contains("      /srv/v/etc/virtd/virtd.conf\n"), relocated);
        assertTrue(relocated.contains("      /srv/v/run/virtd.pid\n"), relocated);
    }
}
