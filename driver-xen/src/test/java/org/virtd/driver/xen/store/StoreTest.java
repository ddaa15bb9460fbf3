package org.virtd.driver.xen.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreTest {
    final Store store = new Store(Store.Quotas.XEN_DEFAULTS);
    final Store.Caller dom0 = Store.Caller.DOM0;
    final Store.Caller dom5 = new Store.Caller(5, false);

    static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void pathRules() {
        assertTrue(store.isValidPath("/"));
        assertTrue(store.isValidPath("/a/b-c_d@e"));
        assertFalse(store.isValidPath("/a/"));
        assertFalse(store.isValidPath("/a//b"));
        assertFalse(store.isValidPath("/a b"));
        assertFalse(store.isValidPath("a"));
        assertFalse(store.isValidPath("/" + "x".repeat(2048)));
        assertTrue(store.isValidPath("/local/domain/7/" + "x".repeat(2048)));
        assertEquals("/local/domain/5/x", Store.canonicalize(dom5, "x"));
    }

    @Test
    void implicitParentsInheritPermsAndDomainsOwnWhatTheyCreate() throws Exception {
        store.write(dom0, null, "/local/domain/5", b(""));
        store.setPerms(dom0, null, "/local/domain/5", List.of(new Perm(5, 'n')));
        store.write(dom5, null, "dev/vif/0", b("up"));
        assertEquals(List.of(new Perm(5, 'n')), store.getPerms(dom0, null, "/local/domain/5/dev"));
        assertEquals("up", Store.text(store.read(dom5, null, "/local/domain/5/dev/vif/0")));
        assertEquals(XsError.EACCES, assertThrows(XsException.class,
                () -> store.read(dom5, null, "/tool/xenstored")).error());
        assertEquals(XsError.EACCES, assertThrows(XsException.class,
                () -> store.read(dom5, null, "/tool/nothing")).error(), "no probing below an unreadable node");
        assertEquals(XsError.ENOENT, assertThrows(XsException.class,
                () -> store.read(dom5, null, "dev/none")).error());
        assertEquals(XsError.EPERM, assertThrows(XsException.class,
                () -> store.setPerms(dom5, null, "dev", List.of(new Perm(6, 'r')))).error());
    }

    @Test
    void rmOfMissingNodeIsFineOnlyWithAParent() throws Exception {
        assertEquals(List.of(), store.rm(dom0, null, "/tool/none"));
        assertEquals(XsError.ENOENT, assertThrows(XsException.class, () -> store.rm(dom0, null, "/x/y")).error());
        assertEquals(XsError.EINVAL, assertThrows(XsException.class, () -> store.rm(dom0, null, "/")).error());
    }

    @Test
    void entryQuotaAppliesToUnprivilegedDomains() throws Exception {
        Store small = new Store(Store.Quotas.XEN_DEFAULTS.with(Store.Quotas.item("nodes", false), 2));
        small.write(dom0, null, "/local/domain/5", b(""));
        small.setPerms(dom0, null, "/local/domain/5", List.of(new Perm(5, 'n')));
        small.write(dom5, null, "a", b(""));
        assertEquals(XsError.ENOSPC, assertThrows(XsException.class, () -> small.write(dom5, null, "b", b(""))).error());
        small.write(dom0, null, "/big/" + "x", b("y".repeat(3000)));
    }

    @Test
    void transactionTouchesOnlyWhatItUses() throws Exception {
        for (int i = 0; i < 100; i++) store.write(dom0, null, "/n" + i, b("v"));
        Store.Transaction tx = store.begin();
        store.write(dom0, tx, "/n1", b("w"));
        assertEquals(1, tx.footprint() - 1, "one node seen and one overlaid, not the database");
        assertEquals("v", Store.text(store.read(dom0, null, "/n1")));
        store.commit(tx, true);
        assertEquals("w", Store.text(store.read(dom0, null, "/n1")));
    }
}
