package org.virtd.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.virtd.api.ConnectUri;
import org.virtd.api.VirException;

class RemoteUrisTest {

    private static String name(String uri) {
        return RemoteUris.openName(ConnectUri.parse(uri));
    }

    /** The cases of RPC.md §12 and the captures uri_user, uri_params, uri_explicit_name, uri_remote_probe_*. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "test+tcp://someone@127.0.0.1:16609/default|test:///default",
        "test+tcp://127.0.0.1:16609/default?foo=bar&no_verify=1&pkipath=/tmp/pki|test:///default?foo=bar",
        "qemu+unix:///system?socket=/tmp/s&mode=legacy|qemu:///system",
        "qemu:///system|qemu:///system",
        "xen+tcp://host/?a=1&b=two&Name2=x|xen:///?a=1&b=two&Name2=x",
        "test+tcp://host/default?NO_VERIFY=1&AuthFile=/x&keep=1|test:///default?keep=1",
        "test+tcp://host/default?v=a%20b%2Fc|test:///default?v=a%20b%2Fc",
        "test+tcp://host/default#frag|test:///default#frag",
        "remote+tcp://127.0.0.1:16509/|''",
        "remote+tcp://127.0.0.1:16509/?foo=bar|''",
        "remote:///|''",
        "test+tcp://h/default?name=qemu:///session&foo=1|qemu:///session",
        "remote+tcp://h/?name=test:///default|test:///default",
        "QEMU+TCP://h/system|QEMU:///system",
    })
    void rebuildsTheNameSentInConnectOpen(String uri, String expected) {
        assertEquals(expected, name(uri));
    }

    @Test
    void explicitEmptyNameIsSentEmpty() {
        assertEquals("", name("test+tcp://h/default?name="));
    }

    @Test
    void transportDefaultsFollowLibvirt() {
        assertEquals(Transport.UNIX, RemoteUris.transport(ConnectUri.parse("qemu:///system")));
        assertEquals(Transport.TLS, RemoteUris.transport(ConnectUri.parse("qemu://host/system")));
        assertEquals(Transport.TCP, RemoteUris.transport(ConnectUri.parse("qemu+TCP://host/system")));
        assertEquals(Transport.LIBSSH2, RemoteUris.transport(ConnectUri.parse("qemu+libssh2://host/system")));
        assertEquals(16509, Transport.TCP.defaultPort());
        assertEquals(16514, Transport.TLS.defaultPort());
    }

    @Test
    void unknownTransportIsAnInvalidArgument() {
        VirException e = assertThrows(VirException.class,
                () -> RemoteUris.transport(ConnectUri.parse("qemu+carrierpigeon://host/system")));
        assertEquals(8, e.code());
        assertEquals(13, e.domain());
        assertEquals("invalid argument: remote_open: transport in URL not recognised "
                + "(should be tls|unix|ssh|ext|tcp|libssh2|libssh)", e.getMessage());
    }

    @Test
    void unixWithAHostIsRefused() {
        VirException e = assertThrows(VirException.class,
                () -> RemoteUris.transport(ConnectUri.parse("qemu+unix://host/system")));
        assertEquals(8, e.code());
        assertEquals("invalid argument: using unix socket and remote server 'host' is not supported.",
                e.getMessage());
    }

    @Test
    void booleanParametersMustBeIntegers() {
        RemoteUris.checkParams(ConnectUri.parse("test+tcp://h/default?no_verify=1&no_tty=0"));
        VirException e = assertThrows(VirException.class,
                () -> RemoteUris.checkParams(ConnectUri.parse("test+tcp://h/default?no_verify=yes")));
        assertEquals("invalid argument: Failed to parse value of URI component no_verify", e.getMessage());
    }

    @Test
    void consumedParametersAreCaseInsensitive() {
        assertTrue(RemoteUris.isConsumed("Socket"));
        assertTrue(RemoteUris.isConsumed("authfile"));
        assertFalse(RemoteUris.isConsumed("foo"));
        assertEquals("/b", RemoteUris.param(ConnectUri.parse("qemu+unix:///system?socket=/a&SOCKET=/b"), "socket"));
    }

    @Test
    void sessionDaemonOnlyForNonRootSessionOrTestUris() {
        assertTrue(RemoteUris.wantsUserDaemon(ConnectUri.parse("qemu:///session"), false));
        assertTrue(RemoteUris.wantsUserDaemon(ConnectUri.parse("test+unix:///default"), false));
        assertFalse(RemoteUris.wantsUserDaemon(ConnectUri.parse("test+unix:///default"), true));
        assertFalse(RemoteUris.wantsUserDaemon(ConnectUri.parse("qemu:///system"), false));
    }
}
