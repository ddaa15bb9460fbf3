package org.virtd.virsh;

import java.util.List;
import java.lang.reflect.Field;

/** One option of a {@link CommandDef}, in the order virsh's table has it. */
public record OptionDef(String name, List<String> aliases, OptionType type, boolean required, boolean requireName,
                        boolean emptyOk, String help, Field field) {

    /** Whether a bare word may fill this option (virsh's "needs an argument" set). */
    boolean positional() {
        return type != OptionType.BOOL && !requireName;
    }
}
