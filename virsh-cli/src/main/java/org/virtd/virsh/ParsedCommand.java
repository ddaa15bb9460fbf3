package org.virtd.virsh;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed command: its definition, the command object with its option fields filled, and the raw values by
 * option name (a bool option maps to an empty list), which the typed getters of {@link Virsh} read.
 */
public record ParsedCommand(CommandDef def, VshCommand command, Map<String, List<String>> values) {
    public ParsedCommand {
        values = new LinkedHashMap<>(values);
    }

    /** Whether the option was given (virsh's {@code vshCommandOptBool}, also used for data options). */
    public boolean has(String option) {
        return values.containsKey(option);
    }

    /** The (first) value of the option, or null when it was not given. */
    public String value(String option) {
        List<String> v = values.get(option);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
