package org.virtd.virsh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

class CommandRegistryTest {
    @Test
    void everyRegisteredNameIsItsCommandsAnnotatedName() {
        CommandRegistry reg = CommandRegistry.standard();
        Set<String> seen = new HashSet<>();
        for (CommandRegistry.Group g : reg.groups()) {
            for (CommandDef c : g.commands()) {
                assertFalse(c.help().isEmpty(), c.name() + " has no help line");
                assertEquals(true, seen.add(c.name()), "registered twice: " + c.name());
                assertSame(c, reg.find(c.name()));
            }
        }
    }

    @Command(name = "right", header = "h")
    static final class Named implements VshCommand {
        @Override
        public boolean run(Virsh ctl) {
            return true;
        }
    }

    @Test
    void aNameThatDisagreesWithTheAnnotationIsRefusedWhenRead() {
        CommandDef wrong = new CommandDef("wrong", Named.class, Named::new);
        assertEquals("wrong", wrong.name());
        IllegalStateException e = assertThrows(IllegalStateException.class, wrong::help);
        assertEquals(Named.class + " is registered as wrong but its @Command says right", e.getMessage());
    }
}
