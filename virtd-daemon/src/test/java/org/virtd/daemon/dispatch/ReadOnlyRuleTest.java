package org.virtd.daemon.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.virtd.rpc.proto.remote.RemoteProgram;
import org.virtd.rpc.wire.Procedure;

/**
 * The read-only rule derived from the IDL's access annotations agrees with libvirtd 9.0 for every procedure of
 * shared/spec/RPC.md §10 whose read-only behaviour is not flag-dependent.
 */
class ReadOnlyRuleTest {
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| ([A-Z0-9_]+)[^|]*\\| (?:high|low) \\| (allowed|denied)");

    @Test
    void agreesWithTheProcedureTable() throws IOException {
        String shared = System.getProperty("virtd.shared.dir", "/work/shared");
        Path spec = Path.of(shared, "spec/RPC.md");
        if (!Files.exists(spec)) {
            spec = Path.of("/work/shared/spec/RPC.md");
        }
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String line : Files.readAllLines(spec)) {
            Matcher m = ROW.matcher(line);
            if (!m.find()) {
                continue;
            }
            Procedure<?, ?> p = RemoteProgram.INSTANCE.procedure(Integer.parseInt(m.group(1)));
            if (p == null || p.kind() != Procedure.Kind.CALL || !p.needsAuth()) {
                continue;
            }
            boolean denied = m.group(3).equals("denied");
            checked++;
            if (RemoteDispatch.changesState(p) != denied) {
                wrong.add(p + " acl " + p.acl() + ": libvirtd " + m.group(3));
            }
        }
        assertTrue(checked > 60, "too few procedures checked: " + checked);
        assertEquals(List.of(), wrong);
    }

    @Test
    void apiNamesFollowLibvirtsSpelling() {
        assertEquals("virDomainGetXMLDesc", RemoteDispatch.libvirtApiName("domainGetXMLDesc"));
        assertEquals("virDomainSave", RemoteDispatch.libvirtApiName("domainSave"));
        assertEquals("virConnectDomainXMLFromNative", RemoteDispatch.libvirtApiName("connectDomainXMLFromNative"));
    }
}
