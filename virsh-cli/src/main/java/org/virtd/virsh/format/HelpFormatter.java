package org.virtd.virsh.format;

import org.virtd.virsh.CommandDef;
import org.virtd.virsh.CommandRegistry;
import org.virtd.virsh.OptionDef;
import org.virtd.virsh.OptionType;

/** virsh's {@code help} texts: all groups, one group, one command (NAME, SYNOPSIS, DESCRIPTION, OPTIONS). */
public final class HelpFormatter {
    private final CommandRegistry registry;

    public HelpFormatter(CommandRegistry registry) {
        this.registry = registry;
    }

    /** One line of a command list: 4 spaces, the name padded to 30, a space, the help. */
    static String commandLine(CommandDef c) {
        return String.format("    %-30s %s", c.name(), c.help()) + "\n";
    }

    /** {@code help} without argument. */
    public String all() {
        StringBuilder b = new StringBuilder("Grouped commands:\n\n");
        for (CommandRegistry.Group g : registry.groups()) {
            b.append(group(g)).append('\n');
        }
        return b.toString();
    }

    /** {@code help GROUP}. */
    public String group(CommandRegistry.Group g) {
        StringBuilder b = new StringBuilder();
        b.append(' ').append(g.name()).append(" (help keyword '").append(g.keyword()).append("'):\n");
        for (CommandDef c : g.commands()) {
            b.append(commandLine(c));
        }
        return b.toString();
    }

    /** {@code help COMMAND}. */
    public String command(CommandDef def) {
        StringBuilder b = new StringBuilder();
        b.append("  NAME\n");
        b.append("    ").append(def.name()).append(" - ").append(def.help()).append('\n');
        b.append("\n  SYNOPSIS\n");
        b.append("    ").append(def.name());
        boolean shortopt = false;
        for (OptionDef o : def.options()) {
            String text = switch (o.type()) {
                case BOOL -> "[--" + o.name() + "]";
                case INT -> o.required() ? "<" + o.name() + ">" : "[--" + o.name() + " <number>]";
                case STRING -> "[--" + o.name() + " <string>]";
                case DATA -> o.required() ? "<" + o.name() + ">" : "[<" + o.name() + ">]";
                case ARGV -> shortopt
                        ? (o.required() ? "{[--" + o.name() + "] <string>}..." : "[[--" + o.name() + "] <string>]...")
                        : (o.required() ? "<" + o.name() + ">..." : "[<" + o.name() + ">]...");
            };
            if (o.type() != OptionType.BOOL && o.type() != OptionType.ARGV && !o.requireName()) {
                shortopt = true;
            }
            b.append(' ').append(text);
        }
        b.append('\n');
        if (!def.description().isEmpty()) {
            b.append("\n  DESCRIPTION\n");
            b.append("    ").append(def.description()).append('\n');
        }
        if (!def.options().isEmpty()) {
            b.append("\n  OPTIONS\n");
            for (OptionDef o : def.options()) {
                String label = switch (o.type()) {
                    case BOOL -> "--" + o.name();
                    case INT -> o.required() ? "[--" + o.name() + "] <number>" : "--" + o.name() + " <number>";
                    case STRING -> "--" + o.name() + " <string>";
                    case DATA -> "[--" + o.name() + "] <string>";
                    case ARGV -> shortopt ? "[--" + o.name() + "] <string>" : "<" + o.name() + ">";
                };
                b.append(String.format("    %-15s  %s", label, o.help())).append('\n');
            }
        }
        b.append('\n');
        return b.toString();
    }
}
