package org.virtd.virsh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * virsh's command-line grammar: a command name, then options as {@code --name value}, {@code --name=value}, or bare
 * words that fill the value options in table order; {@code --} makes the rest bare words; {@code ;} or a newline
 * separates commands in a command string; {@code #} starts a comment. Errors are reported with virsh's texts and
 * fail the whole input, so nothing of it runs.
 */
public final class CommandParser {
    private static final long NO_BITS = 0L;

    enum Kind { ARG, SUBCMD_END, END, ERROR }

    record Token(Kind kind, String text) {
    }

    /** A source of words: argv elements, or a command string with quoting. */
    interface Tokenizer {
        Token next(boolean report);
    }

    private final CommandRegistry registry;
    private final Consumer<String> error;
    private final Consumer<String> debug;

    public CommandParser(CommandRegistry registry, Consumer<String> error) {
        this(registry, error, m -> { });
    }

    /** @param debug receives virsh's INFO-level debug line for each option the parser stores */
    public CommandParser(CommandRegistry registry, Consumer<String> error, Consumer<String> debug) {
        this.registry = registry;
        this.error = error;
        this.debug = debug;
    }

    /** Parses argv words (several arguments after the global options); null after a reported error. */
    public List<ParsedCommand> parseArgv(List<String> args) {
        if (args.isEmpty()) {
            return null;
        }
        int[] pos = {0};
        return parse(report -> pos[0] < args.size() ? new Token(Kind.ARG, args.get(pos[0]++))
                : new Token(Kind.END, null));
    }

    /** Parses one command string (one argument after the global options, or a line of the shell). */
    public List<ParsedCommand> parseString(String line) {
        if (line == null || line.isEmpty()) {
            return null;
        }
        return parse(new StringTokenizer(line));
    }

    private final class StringTokenizer implements Tokenizer {
        private final String s;
        private int pos;

        StringTokenizer(String s) {
            this.s = s;
        }

        private char at(int i) {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        @Override
        public Token next(boolean report) {
            int p = pos;
            while (at(p) == ' ' || at(p) == '\t' || (at(p) == '\\' && at(p + 1) == '\n')) {
                p += at(p) == '\\' ? 2 : 1;
            }
            if (p >= s.length()) {
                return new Token(Kind.END, null);
            }
            if (at(p) == ';' || at(p) == '\n') {
                pos = p + 1;
                return new Token(Kind.SUBCMD_END, null);
            }
            if (at(p) == '#') {
                while (p < s.length() && at(p) != '\n') {
                    p++;
                }
                pos = p < s.length() ? p + 1 : p;
                return new Token(Kind.SUBCMD_END, null);
            }
            StringBuilder q = new StringBuilder();
            boolean single = false;
            boolean dbl = false;
            while (p < s.length()) {
                char c = at(p);
                if (!dbl && !single && (c == ' ' || c == '\t' || c == ';' || c == '\n')) {
                    break;
                }
                if (!dbl && c == '\'') {
                    single = !single;
                    p++;
                    continue;
                } else if (!single && c == '\\') {
                    p++;
                    if (p >= s.length()) {
                        if (report) {
                            error.accept("dangling \\");
                        }
                        return new Token(Kind.ERROR, null);
                    } else if (at(p) == '\n') {
                        p++;
                        continue;
                    }
                } else if (!single && c == '"') {
                    dbl = !dbl;
                    p++;
                    continue;
                }
                q.append(at(p++));
            }
            if (dbl && report) {
                error.accept("missing \"");
                return new Token(Kind.ERROR, null);
            }
            pos = p;
            return new Token(Kind.ARG, q.toString());
        }
    }

    private List<ParsedCommand> parse(Tokenizer tokens) {
        List<ParsedCommand> out = new ArrayList<>();
        while (true) {
            CommandDef cmd = null;
            List<OptionDef> opts = List.of();
            Map<String, List<String>> values = new LinkedHashMap<>();
            boolean helpSeen = false;
            boolean dataOnly = false;
            long needArg = NO_BITS;
            long required = NO_BITS;
            long seen = NO_BITS;
            Token tk;
            while (true) {
                tk = tokens.next(true);
                if (tk.kind() == Kind.ERROR) {
                    return null;
                }
                if (tk.kind() != Kind.ARG) {
                    break;
                }
                String word = tk.text();
                if (cmd == null) {
                    if (word.startsWith("#")) {
                        do {
                            tk = tokens.next(false);
                        } while (tk.kind() == Kind.ARG);
                        break;
                    }
                    cmd = registry.find(word);
                    if (cmd == null) {
                        error.accept("unknown command: '" + word + "'");
                        return null;
                    }
                    opts = cmd.options();
                    for (int i = 0; i < opts.size(); i++) {
                        OptionDef o = opts.get(i);
                        if (o.positional()) {
                            needArg |= 1L << i;
                        }
                        if (o.required() && o.type() != OptionType.BOOL) {
                            required |= 1L << i;
                        }
                    }
                    continue;
                }
                boolean isHelpCmd = cmd.name().equals("help");
                OptionDef opt = null;
                if (!dataOnly && word.length() > 2 && word.startsWith("--") && isAlnum(word.charAt(2))) {
                    String name = word.substring(2);
                    String inline = null;
                    int eq = name.indexOf('=');
                    if (eq >= 0) {
                        inline = name.substring(eq + 1);
                        name = name.substring(0, eq);
                    }
                    if (name.equals("help")) {
                        if (inline != null) {
                            error.accept("invalid '=' after option --help");
                            return null;
                        }
                        helpSeen = true;
                        continue;
                    }
                    int index = indexOf(opts, name);
                    if (index < 0) {
                        if (isHelpCmd) {
                            continue;
                        }
                        error.accept("command '" + cmd.name() + "' doesn't support option --" + name);
                        return null;
                    }
                    opt = opts.get(index);
                    if ((seen & (1L << index)) != 0 && opt.type() != OptionType.ARGV) {
                        error.accept("option --" + opt.name() + " already seen");
                        return null;
                    }
                    seen |= 1L << index;
                    if (opt.type() != OptionType.BOOL) {
                        if (inline != null) {
                            word = inline;
                        } else {
                            tk = tokens.next(true);
                            if (tk.kind() == Kind.ERROR) {
                                return null;
                            }
                            if (tk.kind() != Kind.ARG) {
                                error.accept("expected syntax: --" + opt.name() + " <"
                                        + (opt.type() == OptionType.INT ? "number" : "string") + ">");
                                return null;
                            }
                            word = tk.text();
                        }
                        if (opt.type() != OptionType.ARGV) {
                            needArg &= ~(1L << index);
                        }
                    } else {
                        if (inline != null) {
                            error.accept("invalid '=' after option --" + opt.name());
                            return null;
                        }
                        word = null;
                    }
                } else if (!dataOnly && word.equals("--")) {
                    dataOnly = true;
                    continue;
                } else {
                    if (needArg == NO_BITS) {
                        if (isHelpCmd) {
                            continue;
                        }
                        error.accept("unexpected data '" + word + "'");
                        return null;
                    }
                    int index = Long.numberOfTrailingZeros(needArg);
                    opt = opts.get(index);
                    if (opt.type() != OptionType.ARGV) {
                        needArg &= ~(1L << index);
                    }
                    seen |= 1L << index;
                }
                List<String> list = values.computeIfAbsent(opt.name(), k -> new ArrayList<>());
                if (word != null) {
                    list.add(word);
                }
                debug.accept(cmd.name() + ": " + opt.name() + (word != null ? "(optdata): " + word : "(bool): (none)")
                        + "\n");
            }
            if (cmd != null) {
                if (helpSeen) {
                    String target = cmd.name();
                    cmd = registry.find("help");
                    values.clear();
                    values.put("command", new ArrayList<>(List.of(target)));
                    required = NO_BITS;
                    seen = NO_BITS;
                    opts = cmd.options();
                }
                long missing = required & ~seen;
                if (missing != NO_BITS) {
                    for (int i = 0; i < opts.size(); i++) {
                        if ((missing & (1L << i)) != 0) {
                            OptionDef o = opts.get(i);
                            boolean data = o.type() == OptionType.DATA || o.type() == OptionType.ARGV;
                            error.accept("command '" + cmd.name() + "' requires "
                                    + (data ? "<" + o.name() + ">" : "--" + o.name()) + " option");
                        }
                    }
                    return null;
                }
                out.add(bind(cmd, values));
            }
            if (tk.kind() == Kind.END) {
                break;
            }
        }
        return out;
    }

    private static int indexOf(List<OptionDef> opts, String name) {
        for (int i = 0; i < opts.size(); i++) {
            OptionDef o = opts.get(i);
            if (o.name().equals(name) || o.aliases().contains(name)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** Fills the command object's {@code @Option} fields from the raw values. */
    private static ParsedCommand bind(CommandDef def, Map<String, List<String>> values) {
        CommandDef.Instance inst = def.newInstance();
        List<OptionDef> opts = def.options();
        for (int i = 0; i < opts.size(); i++) {
            OptionDef o = opts.get(i);
            List<String> v = values.get(o.name());
            if (v == null) {
                continue;
            }
            Object value = switch (o.type()) {
                case BOOL -> Boolean.TRUE;
                case ARGV -> List.copyOf(v);
                default -> v.get(0);
            };
            try {
                o.field().set(inst.command(), value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot set option " + o.name() + " of " + def.name(), e);
            }
        }
        return new ParsedCommand(def, inst.command(), values);
    }
}
