package org.virtd.ffi.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class KvmTest {
    @Test
    void thisHostsKvmAnswersTheStableApiVersion() {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/kvm")), "no /dev/kvm here");
        Kvm.Status s = Kvm.probe(Path.of("/dev/kvm"));
        assertTrue(s.usable(), String.valueOf(s.problem()));
        assertEquals(12, s.apiVersion());
    }

    @Test
    void aMissingDeviceOrANonKvmDeviceIsNotUsable() {
        Kvm.Status missing = Kvm.probe(Path.of("/dev/no-such-kvm"));
        assertFalse(missing.usable());
        assertEquals("/dev/no-such-kvm does not exist", missing.problem());
        // /dev/null opens but knows no KVM ioctl.
        Kvm.Status wrong = Kvm.probe(Path.of("/dev/null"));
        assertFalse(wrong.usable());
        assertTrue(wrong.problem().startsWith("KVM_GET_API_VERSION failed"), wrong.problem());
    }
}
