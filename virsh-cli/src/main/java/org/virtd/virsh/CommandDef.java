package org.virtd.virsh;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's definition as virsh sees it (name, help, description, option table), read from the Picocli model of
 * its annotated class. The name and help line come from the class annotation alone, so listing commands does not
 * build Picocli models; the option table is built on first use.
 */
public final class CommandDef {
    private final String name;
    private final String help;
    private final String description;
    private final boolean noConnect;
    private final Supplier<? extends VshCommand> factory;
    private List<OptionDef> options;

    public CommandDef(Class<? extends VshCommand> type, Supplier<? extends VshCommand> factory) {
        Command c = type.getAnnotation(Command.class);
        if (c == null) {
            throw new IllegalArgumentException(type + " has no @Command");
        }
        this.name = c.name();
        this.help = String.join("\n", c.header());
        this.description = String.join("\n", c.description());
        this.noConnect = VshCommand.NoConnect.class.isAssignableFrom(type);
        this.factory = factory;
    }

    public String name() {
        return name;
    }

    /** The one-line help ("help" info of virsh). */
    public String help() {
        return help;
    }

    /** The long description ("desc" info); empty when the command has none. */
    public String description() {
        return description;
    }

    public boolean noConnect() {
        return noConnect;
    }

    /** A fresh command object and its Picocli model, to be filled by the parser. */
    Instance newInstance() {
        VshCommand cmd = factory.get();
        CommandSpec spec = CommandSpec.forAnnotatedObject(cmd);
        synchronized (this) {
            if (options == null) {
                options = readOptions(spec);
            }
        }
        // The OptionDefs describe the first model; map them onto this instance's specs by name.
        List<OptionSpec> specs = new ArrayList<>();
        for (OptionDef d : options) {
            specs.add(spec.findOption(d.name()));
        }
        return new Instance(cmd, specs);
    }

    /** The option table in declaration order (virsh's order, which also orders positional filling and help). */
    public synchronized List<OptionDef> options() {
        if (options == null) {
            options = readOptions(CommandSpec.forAnnotatedObject(factory.get()));
        }
        return options;
    }

    private static List<OptionDef> readOptions(CommandSpec spec) {
        List<OptionDef> out = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            String[] names = o.names();
            String primary = names[0].substring(2);
            List<String> aliases = new ArrayList<>();
            for (String n : Arrays.asList(names).subList(1, names.length)) {
                aliases.add(n.substring(2));
            }
            OptionType type = OptionType.fromLabel(o.paramLabel(), o.type());
            VshOption flags = o.userObject() instanceof Field f ? f.getAnnotation(VshOption.class) : null;
            out.add(new OptionDef(primary, List.copyOf(aliases), type, o.required(),
                    flags != null && flags.requireName(), flags != null && flags.emptyOk(),
                    String.join("\n", o.description()), o));
        }
        if (out.size() > 63) {
            throw new IllegalStateException(spec.name() + ": virsh commands have at most 63 options");
        }
        return List.copyOf(out);
    }

    /** A command object with the Picocli option specs bound to it, index-aligned with {@link #options()}. */
    record Instance(VshCommand command, List<OptionSpec> specs) {
    }
}
