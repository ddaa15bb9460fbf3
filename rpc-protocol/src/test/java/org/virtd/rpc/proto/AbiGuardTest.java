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
 * libvirt's {@code -structs} rule, adapted to an IDL that fills in libvirt's numbering over time: every committed
 * line must still be there, in order; new procedures and types may appear between them. A changed line means a
 * wire layout changed under a released procedure. {@code -Dvirtd.test.regenerate=true} rewrites the dump
 * (review the diff: only added lines are acceptable).
 */
class AbiGuardTest {
    private static Path dir(String prop, String fallback) {
        String p = System.getProperty(prop);
        return Path.of(p != null ? p : fallback);
    }

    @ParameterizedTest
    @ValueSource(strings = {"remote", "keepalive", "qemu"})
    void committedDumpSurvivesUnchangedInTheCurrentOne(String program) throws Exception {
        Path x = dir("virtd.xdr.dir", "src/main/xdr").resolve(program + ".x");
        Path abi = dir("virtd.abi.dir", "src/test/resources/abi").resolve(program + ".structs");
        String now = XdrGen.structs(XdrGen.load(x));
        if (Boolean.getBoolean("virtd.test.regenerate") || !Files.exists(abi)) {
            Files.writeString(abi, now, StandardCharsets.UTF_8);
        }
        List<String> committed = Files.readAllLines(abi, StandardCharsets.UTF_8);
        List<String> current = now.lines().toList();
        assertTrue(committed.size() > 3, "dump has content");
        // Our IDL is a subset of libvirt's, so a procedure libvirt numbered long ago may be added between
        // existing ones: the committed dump must survive unchanged, in order, as a subsequence of the new one.
        int at = 0;
        for (int i = 0; i < committed.size(); i++) {
            String line = committed.get(i);
            while (at < current.size() && !current.get(at).equals(line)) {
                at++;
            }
            if (at == current.size()) {
                fail(abi + ":" + (i + 1) + ": ABI line changed or removed: " + line
                        + "\nExisting procedures and types may only gain new neighbours, never change.");
            }
            at++;
        }
    }
}
