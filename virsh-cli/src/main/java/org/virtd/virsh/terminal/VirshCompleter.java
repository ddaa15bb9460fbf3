package org.virtd.virsh.terminal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.virtd.api.Connect;
import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.CommandDef;
import org.virtd.virsh.CommandRegistry;
import org.virtd.virsh.OptionDef;
import org.virtd.virsh.OptionType;

/**
 * Completes what virsh's readline completer does: command names in command position (after the start of the line
 * or a {@code ;}), the current command's option names not given yet, and domain names for a command that takes a
 * {@code --domain}, read from the open connection through the public API.
 */
public final class VirshCompleter implements Completer {
    private final CommandRegistry registry;
    private final Supplier<Connect> connection;

    public VirshCompleter(CommandRegistry registry, Supplier<Connect> connection) {
        this.registry = registry;
        this.connection = connection;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int current = line.wordIndex();
        int start = 0;
        for (int i = 0; i < current && i < words.size(); i++) {
            if (words.get(i).endsWith(";")) {
                start = i + 1;
            }
        }
        String word = line.word();
        if (current == start) {
            for (CommandRegistry.Group g : registry.groups()) {
                for (CommandDef c : g.commands()) {
                    candidates.add(new Candidate(c.name(), c.name(), g.name(), null, null, null, true));
                }
            }
            return;
        }
        CommandDef def = registry.find(words.get(start));
        if (def == null) {
            return;
        }
        Set<String> given = new HashSet<>();
        for (int i = start + 1; i < current; i++) {
            String w = words.get(i);
            if (w.startsWith("--")) {
                given.add(w.substring(2));
            }
        }
        String previous = current - 1 > start ? words.get(current - 1) : null;
        OptionDef valueOf = previous != null && previous.startsWith("--") ? option(def, previous.substring(2)) : null;
        if (valueOf != null && valueOf.type() != OptionType.BOOL) {
            // The word is the value of the option before it: only a domain name can be offered.
            if (valueOf.name().equals("domain")) {
                addDomains(candidates);
            }
            return;
        }
        if (!word.startsWith("-") && option(def, "domain") != null && !given.contains("domain")
                && !domainFilledPositionally(words, start, current)) {
            addDomains(candidates);
        }
        for (OptionDef o : def.options()) {
            if (!given.contains(o.name())) {
                candidates.add(new Candidate("--" + o.name(), "--" + o.name(), null, null, null, null, true));
            }
        }
    }

    /** Whether a bare word before the current one already filled --domain (always the first positional option). */
    private static boolean domainFilledPositionally(List<String> words, int start, int current) {
        for (int i = start + 1; i < current; i++) {
            if (!words.get(i).startsWith("-")) {
                return true;
            }
        }
        return false;
    }

    private static OptionDef option(CommandDef def, String name) {
        for (OptionDef o : def.options()) {
            if (o.name().equals(name) || o.aliases().contains(name)) {
                return o;
            }
        }
        return null;
    }

    private void addDomains(List<Candidate> candidates) {
        Connect conn = connection.get();
        if (conn == null) {
            return;
        }
        try {
            for (Domain d : conn.listAllDomains(0)) {
                candidates.add(new Candidate(d.name(), d.name(), null, null, null, null, true));
            }
        } catch (VirException e) {
            // A completion has nowhere to report errors; virsh's completers stay silent too.
        }
    }
}
