package org.virtd.rpc.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtd.xdrgen.XdrGen;

/**
 * libvirt's {@code -structs} rule: the committed dump may only grow at its end. A changed line means a wire
 * layout changed under a released procedure. {@code -Dvirtd.test.regenerate=true} rewrites the dump (review
 * the diff: only appended lines are acceptable).
 */
class AbiGuardTest {
    private static Path dir(String prop, String fallback) {
        String p = System.getProperty(prop);
        return Path.of(p != null ? p : fallback);
    }

    @ParameterizedTest
    @ValueSource(strings = {"remote", "keepalive"})
    void committedDumpIsAPrefixOfTheCurrentOne(String program) throws Exception {
        Path x = dir("virtd.xdr.dir", "src/main/xdr").resolve(program + ".x");
        Path abi = dir("virtd.abi.dir", "src/test/resources/abi").resolve(program + ".structs");
        String now = XdrGen.structs(XdrGen.load(x));
        if (Boolean.getBoolean("virtd.test.regenerate") || !Files.exists(abi)) {
            Files.writeString(abi, now, StandardCharsets.UTF_8);
        }
        List<String> committed = Files.readAllLines(abi, StandardCharsets.UTF_8);
        List<String> current = now.lines().toList();
        assertTrue(committed.size() > 3, "dump has content");
        for (int i = 0; i < committed.size(); i++) {
            if (i >= current.size()) {
                fail(abi + ": line " + (i + 1) + " removed: " + committed.get(i));
            }
            if (!committed.get(i).equals(current.get(i))) {
                fail(abi + ":" + (i + 1) + ": ABI changed\n  was: " + committed.get(i) + "\n  now: " + current.get(i)
                        + "\nOnly appending procedures is compatible.");
            }
        }
        assertEquals(committed, current.subList(0, committed.size()));
    }
}
