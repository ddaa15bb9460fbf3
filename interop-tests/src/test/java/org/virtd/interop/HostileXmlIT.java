package org.virtd.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile domain documents sent by python3-libvirt to an in-process virtd are refused with VIR_ERR_XML_DETAIL,
 * each within seconds, while a second client on its own connection keeps getting answers throughout.
 */
class HostileXmlIT {
    @TempDir
    Path tmp;

    /** The hostile documents, built by the script (names are what it prints); all fit libvirt's 4 MiB string limit. */
    private static final String SCRIPT = """
            import libvirt, sys, threading, time
            libvirt.registerErrorHandler(lambda c, e: None, None)
            uri = sys.argv[1]
            tail = "<memory>1</memory><os><type>hvm</type></os></domain>"
            head = "<domain type='test'><name>hostile</name>"
            laughs = "<!DOCTYPE domain [<!ENTITY a 'aaaaaaaaaa'>"
            for i in range(1, 10):
                laughs += "<!ENTITY %s '%s'>" % (chr(97 + i), ("&%s;" % chr(96 + i)) * 10)
            laughs += "]>\\n" + head + "<description>&j;</description>" + tail
            docs = [
                ("billion-laughs", laughs),
                ("deep-100k", head + "<metadata>" + "<a>" * 100000 + "</a>" * 100000 + "</metadata>" + tail),
                ("attrs-200k", head + "<metadata><d " + " ".join("a%d='1'" % i for i in range(200000)) + "/></metadata>" + tail),
                ("quadratic", "<!DOCTYPE domain [<!ENTITY a '" + "x" * 50000 + "'>]>\\n" + head + "<description>" + "&a;" * 1000 + "</description>" + tail),
                ("entity-loop", "<!DOCTYPE domain [<!ENTITY a '&b;'><!ENTITY b '&a;'>]>\\n" + head + "<description>&a;</description>" + tail),
            ]
            stop = threading.Event()
            served = [0, 0]
            def other():
                c = libvirt.open(uri)
                while not stop.is_set():
                    try:
                        c.lookupByName("test").info()
                        served[0] += 1
                    except libvirt.libvirtError:
                        served[1] += 1
                c.close()
            t = threading.Thread(target=other)
            t.start()
            time.sleep(0.5)
            conn = libvirt.open(uri)
            for name, xml in docs:
                before = served[0]
                start = time.time()
                try:
                    conn.defineXML(xml).undefine()
                    print(name, "DEFINED", "%.1f" % (time.time() - start))
                except libvirt.libvirtError as e:
                    print(name, e.get_error_code(), e.get_error_domain(), "%.1f" % (time.time() - start),
                          e.get_error_message().split("\\n")[0])
                time.sleep(0.2)
                print(name, "other-client-calls", served[0] - before)
            stop.set()
            t.join()
            print("other-client-failures", served[1])
            print("after", conn.defineXML(head + tail).name())
            conn.lookupByName("hostile").undefine()
            """;

    @Test
    void hostileDocumentsAreRefusedAndTheDaemonKeepsServing() throws Exception {
        Peers.require("python3-libvirt", Peers.PYTHON, Path.of("/usr/lib/python3/dist-packages/libvirt.py"));
        Path script = Files.writeString(tmp.resolve("hostile.py"), SCRIPT);
        try (Daemons daemons = new Daemons()) {
            Endpoint virtd = daemons.startVirtd(tmp.resolve("virtd"));
            Commands.Result r = Commands.run(List.of(Peers.PYTHON.toString(), script.toString(), virtd.tcpUri()), 120);
            assertEquals(0, r.exit(), r.stdout() + r.stderr());
            Map<String, String> lines = r.stdout().lines().collect(Collectors.toMap(
                    l -> l.split(" ", 3)[0] + (l.contains("other-client-calls") ? "/other" : ""), l -> l, (a, b) -> a));
            for (String name : List.of("billion-laughs", "deep-100k", "attrs-200k", "quadratic", "entity-loop")) {
                assertTrue(lines.containsKey(name), r.stdout());
                String[] f = lines.get(name).split(" ", 5);
                assertEquals("35", f[1], lines.get(name));
                assertEquals("20", f[2], lines.get(name));
                assertTrue(Double.parseDouble(f[3]) < 5.0, "slow refusal: " + lines.get(name));
                long other = Long.parseLong(lines.get(name + "/other").split(" ")[2]);
                assertTrue(other > 0, "the other client got no answer around " + name);
            }
            assertTrue(lines.get("billion-laughs").contains("Detected an entity reference loop"), r.stdout());
            assertTrue(lines.get("deep-100k").contains("Excessive depth in document: 256"), r.stdout());
            assertEquals("other-client-failures 0", lines.get("other-client-failures"), r.stdout());
            assertEquals("after hostile", lines.get("after"), r.stdout());
        }
    }
}
