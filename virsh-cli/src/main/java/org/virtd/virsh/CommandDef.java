package org.virtd.virsh;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A command's definition as virsh sees it (name, help, description, option table), read from the Picocli
 * annotations of its class. The name and help line come from the class annotation alone, so listing commands reads
 * no fields; the option table is read on first use.
 */
public final class CommandDef {
    private final String name;
    private final boolean noConnect;
    private Command annotation;
    private final Supplier<? extends VshCommand> factory;
    private final Class<? extends VshCommand> type;
    private List<OptionDef> options;

    /**
     * @param name the command's name, as its {@code @Command} also says: given here so that finding a command
     *        reads no annotations (reading ~80 of them costs start-up time); checked when the annotation is read
     */
    public CommandDef(String name, Class<? extends VshCommand> type, Supplier<? extends VshCommand> factory) {
        this.name = name;
        this.noConnect = VshCommand.NoConnect.class.isAssignableFrom(type);
        this.factory = factory;
        this.type = type;
    }

    public String name() {
        return name;
    }

    private synchronized Command annotation() {
        if (annotation == null) {
            Command c = type.getAnnotation(Command.class);
            if (c == null || !c.name().equals(name)) {
                throw new IllegalStateException(type + " is registered as " + name + " but its @Command says "
                        + (c == null ? "nothing" : c.name()));
            }
            annotation = c;
        }
        return annotation;
    }

    /** The one-line help ("help" info of virsh). */
    public String help() {
        return String.join("\n", annotation().header());
    }

    /** The long description ("desc" info); empty when the command has none. */
    public String description() {
        return String.join("\n", annotation().description());
    }

    public boolean noConnect() {
        return noConnect;
    }

    /** A fresh command object, to be filled by the parser. */
    Instance newInstance() {
        options();
        return new Instance(factory.get());
    }

    /** The option table in declaration order (virsh's order, which also orders positional filling and help). */
    public synchronized List<OptionDef> options() {
        if (options == null) {
            options = readOptions(type);
        }
        return options;
    }

    /**
     * Reads the {@code @Option} fields directly (not through a Picocli {@code CommandSpec}: building Picocli's
     * model costs tens of milliseconds at start-up and the parser is virsh's own anyway). Fields come in
     * declaration order, which HotSpot's reflection preserves and Picocli relies on as well.
     */
    private static List<OptionDef> readOptions(Class<?> type) {
        List<OptionDef> out = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            Option o = f.getAnnotation(Option.class);
            if (o == null) {
                continue;
            }
            String[] names = o.names();
            String primary = names[0].substring(2);
            List<String> aliases = new ArrayList<>();
            for (String n : Arrays.asList(names).subList(1, names.length)) {
                aliases.add(n.substring(2));
            }
            OptionType kind = OptionType.fromLabel(o.paramLabel(), f.getType());
            VshOption flags = f.getAnnotation(VshOption.class);
            f.setAccessible(true);
            out.add(new OptionDef(primary, List.copyOf(aliases), kind, o.required(),
                    flags != null && flags.requireName(), flags != null && flags.emptyOk(),
                    String.join("\n", o.description()), f));
        }
        if (out.size() > 63) {
            throw new IllegalStateException(type.getName() + ": virsh commands have at most 63 options");
        }
        return List.copyOf(out);
    }

    /** A command object whose option fields the parser fills. */
    record Instance(VshCommand command) {
    }
}
