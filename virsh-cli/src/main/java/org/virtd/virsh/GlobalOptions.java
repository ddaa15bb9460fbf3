package org.virtd.virsh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.virtd.virsh.format.VersionText;

/**
 * virsh's options before the command ({@code -c URI -r -q -t -d N -e C -k N -K N -l FILE -h -v -V --version[=T]}),
 * parsed as glibc's {@code getopt_long} does with virsh's option string: no reordering, clustered short options,
 * unambiguous prefixes of long options, and virsh's error texts.
 *
 * @param exitStatus -1 to go on, else the status to exit with (after -h, -v or an error)
 * @param commandWords what follows the options
 */
record GlobalOptions(int exitStatus, List<String> commandWords) {

    private record LongOpt(String name, int arg, char val) {
    }

    private static final int NO_ARG = 0;
    private static final int REQUIRED = 1;
    private static final int OPTIONAL = 2;

    private static final List<LongOpt> LONG = List.of(
            new LongOpt("connect", REQUIRED, 'c'), new LongOpt("debug", REQUIRED, 'd'),
            new LongOpt("escape", REQUIRED, 'e'), new LongOpt("help", NO_ARG, 'h'),
            new LongOpt("keepalive-interval", REQUIRED, 'k'), new LongOpt("keepalive-count", REQUIRED, 'K'),
            new LongOpt("log", REQUIRED, 'l'), new LongOpt("quiet", NO_ARG, 'q'),
            new LongOpt("readonly", NO_ARG, 'r'), new LongOpt("timing", NO_ARG, 't'),
            new LongOpt("version", OPTIONAL, 'v'));
    private static final String SHORT_WITH_ARG = "cdekKl";
    private static final String SHORT_NO_ARG = "hqrtvV";

    /** The long options, {@code --name} with a trailing {@code =} when they take a value (for completion). */
    static List<String> longOptionWords() {
        List<String> out = new ArrayList<>();
        for (LongOpt o : LONG) {
            out.add("--" + o.name() + (o.arg() == REQUIRED ? "=" : ""));
        }
        return out;
    }

    /** The short options that take a value in the next word. */
    static String shortWithArgument() {
        return SHORT_WITH_ARG;
    }

    /** Every short option letter. */
    static String shortOptions() {
        return SHORT_WITH_ARG + SHORT_NO_ARG;
    }

    static GlobalOptions parse(String[] argv, Virsh ctl) {
        String connname = null;
        boolean readonly = false;
        boolean quiet = false;
        boolean timing = false;
        int i = 0;
        while (i < argv.length) {
            String a = argv[i];
            if (a.equals("--")) {
                i++;
                break;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                break;
            }
            i++;
            List<Object[]> found = new ArrayList<>();
            if (a.startsWith("--")) {
                String body = a.substring(2);
                String value = null;
                int eq = body.indexOf('=');
                String name = eq >= 0 ? body.substring(0, eq) : body;
                if (eq >= 0) {
                    value = body.substring(eq + 1);
                }
                LongOpt match = null;
                int matches = 0;
                for (LongOpt o : LONG) {
                    if (o.name().equals(name)) {
                        match = o;
                        matches = 1;
                        break;
                    }
                    if (o.name().startsWith(name)) {
                        match = o;
                        matches++;
                    }
                }
                if (matches != 1) {
                    ctl.error("unsupported option '" + a + "'. See --help.");
                    return new GlobalOptions(1, List.of());
                }
                if (match.arg() == NO_ARG && value != null) {
                    ctl.error("unsupported option '-" + match.val() + "'. See --help.");
                    return new GlobalOptions(1, List.of());
                }
                if (match.arg() == REQUIRED && value == null) {
                    if (i >= argv.length) {
                        ctl.error("option '-" + match.val() + "'/'--" + match.name() + "' requires an argument");
                        return new GlobalOptions(1, List.of());
                    }
                    value = argv[i++];
                }
                found.add(new Object[] {match.val(), value, Boolean.TRUE});
            } else {
                for (int j = 1; j < a.length(); j++) {
                    char c = a.charAt(j);
                    if (SHORT_WITH_ARG.indexOf(c) >= 0) {
                        String value;
                        if (j + 1 < a.length()) {
                            value = a.substring(j + 1);
                        } else if (i < argv.length) {
                            value = argv[i++];
                        } else {
                            String longName = null;
                            for (LongOpt o : LONG) {
                                if (o.val() == c) {
                                    longName = o.name();
                                }
                            }
                            ctl.error(longName != null
                                    ? "option '-" + c + "'/'--" + longName + "' requires an argument"
                                    : "option '-" + c + "' requires an argument");
                            return new GlobalOptions(1, List.of());
                        }
                        found.add(new Object[] {c, value, Boolean.FALSE});
                        break;
                    } else if (SHORT_NO_ARG.indexOf(c) >= 0) {
                        found.add(new Object[] {c, null, Boolean.FALSE});
                    } else {
                        // Earlier letters of the cluster still take effect, as getopt returns them first.
                        found.add(new Object[] {'?', String.valueOf(c), Boolean.FALSE});
                        break;
                    }
                }
            }
            for (Object[] f : found) {
                char c = (Character) f[0];
                String value = (String) f[1];
                boolean isLong = (Boolean) f[2];
                switch (c) {
                    case 'c' -> connname = value;
                    case 'd' -> {
                        Integer d = Numbers.parseInt(value);
                        if (d == null) {
                            ctl.error("option " + (isLong ? "--debug" : "-d") + " takes a numeric argument");
                            return new GlobalOptions(1, List.of());
                        }
                        if (d < 0 || d > 4) {
                            ctl.error("ignoring debug level " + d + " out of range [0-4]");
                        } else {
                            ctl.setDebugLevel(d);
                        }
                    }
                    case 'e' -> {
                        boolean ok = (value.length() == 2 && value.charAt(0) == '^' && escapeAllowed(value.charAt(1)))
                                || (value.length() == 1 && value.charAt(0) != '^');
                        if (!ok) {
                            ctl.error("Invalid string '" + value + "' for escape sequence");
                            return new GlobalOptions(1, List.of());
                        }
                        ctl.setEscapeChar(value);
                    }
                    case 'h' -> {
                        ctl.print(VersionText.usage(ctl.registry()));
                        return new GlobalOptions(0, List.of());
                    }
                    case 'k', 'K' -> {
                        String opt = isLong ? (c == 'k' ? "--keepalive-interval" : "--keepalive-count") : "-" + c;
                        Integer k = Numbers.parseIntBase0(value);
                        if (k == null) {
                            ctl.error("Invalid value for option " + opt);
                            return new GlobalOptions(1, List.of());
                        }
                        if (k < 0) {
                            ctl.error("option " + opt + " requires a positive integer argument");
                            return new GlobalOptions(1, List.of());
                        }
                        ctl.setKeepalive(c, k);
                    }
                    case 'l' -> {
                        ctl.closeLog();
                        if (!ctl.openLog(value)) {
                            return new GlobalOptions(1, List.of());
                        }
                    }
                    case 'q' -> quiet = true;
                    case 't' -> timing = true;
                    case 'r' -> readonly = true;
                    case 'v' -> {
                        if (!"long".equals(value)) {
                            ctl.print(VersionText.SHORT + "\n");
                        } else {
                            ctl.print(VersionText.longVersion());
                        }
                        return new GlobalOptions(0, List.of());
                    }
                    case 'V' -> {
                        ctl.print(VersionText.longVersion());
                        return new GlobalOptions(0, List.of());
                    }
                    default -> {
                        ctl.error("unsupported option '-" + value + "'. See --help.");
                        return new GlobalOptions(1, List.of());
                    }
                }
            }
        }
        ctl.setGlobal(connname, readonly, quiet, timing);
        return new GlobalOptions(-1, List.copyOf(Arrays.asList(argv).subList(i, argv.length)));
    }

    private static boolean escapeAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '@' && c <= '_');
    }
}
