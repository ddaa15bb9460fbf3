package org.virtd.driver.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.jspecify.annotations.Nullable;
import org.virtd.api.DomainState;
import org.virtd.api.NodeInfo;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.driver.spi.support.DomainEventBus;
import org.virtd.driver.spi.support.DomainObject;
import org.virtd.driver.spi.support.DomainObjectList;
import org.virtd.xml.domain.Address;
import org.virtd.xml.domain.Devices;
import org.virtd.xml.domain.Disk;
import org.virtd.xml.domain.DiskSource;
import org.virtd.xml.domain.DiskTarget;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Generic;
import org.virtd.xml.domain.Interface;
import org.virtd.xml.domain.InterfaceSource;
import org.virtd.xml.domain.Memballoon;
import org.virtd.xml.domain.Os;
import org.virtd.xml.domain.OsType;
import org.virtd.xml.domain.ScaledInteger;
import org.virtd.xml.domain.Vcpu;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * One test "host": node info, NUMA cells, domains and event registrations. {@code test:///default} has one shared
 * instance that lives while a connection holds it (reference counted: the next open after the last close starts
 * from the initial content again); each config-file open gets its own, as in libvirt.
 */
final class TestDriverState {
    static final String TEST_MODEL = "i686";
    static final String TEST_NS = "http://libvirt.org/schemas/domain/test/1.0";

    private static final Object DEFAULT_GUARD = new Object();
    private static @Nullable TestDriverState defaultState;

    /** Domain part of libvirt's built-in test:///default configuration. */
    static final String DEFAULT_DOMAIN_XML = """
            <domain type='test'>
              <name>test</name>
              <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
              <memory>8388608</memory>
              <currentMemory>2097152</currentMemory>
              <vcpu>2</vcpu>
              <os>
                <type>hvm</type>
              </os>
              <devices>
                <disk type='file' device='disk'>
                  <source file='/guest/diskimage1'/>
                  <target dev='vda' bus='virtio'/>
                  <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
                </disk>
                <interface type='network'>
                  <mac address='aa:bb:cc:dd:ee:ff'/>
                  <source network='default' bridge='virbr0'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x1' function='0x0'/>
                </interface>
                <memballoon model='virtio'>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x2' function='0x0'/>
                </memballoon>
              </devices>
            </domain>
            """;

    /**
     * The domain of {@link #DEFAULT_DOMAIN_XML} built in code, as the parser would build it, so that opening
     * test:///default loads no XML binding (its set-up is most of a one-shot virsh's start-up); the two are kept
     * equal by TestDriverDefaultDomainTest.
     */
    static Domain defaultDomain() {
        Domain d = new Domain();
        d.type = "test";
        d.name = "test";
        d.uuid = "6695eb01-f6a4-8304-79aa-97f2502e193f";
        d.memory = new ScaledInteger(null, "8388608");
        d.currentMemory = new ScaledInteger(null, "2097152");
        d.vcpu = new Vcpu();
        d.vcpu.count = "2";
        d.os = new Os();
        d.os.type = new OsType();
        d.os.type.value = "hvm";
        d.devices = new Devices();
        Disk disk = new Disk();
        disk.type = "file";
        disk.device = "disk";
        disk.source = new DiskSource();
        disk.source.file = "/guest/diskimage1";
        disk.target = new DiskTarget();
        disk.target.dev = "vda";
        disk.target.bus = "virtio";
        disk.address = pci("0x01", "0x00");
        d.devices.disk.add(disk);
        Interface nic = new Interface();
        nic.type = "network";
        nic.mac = new Generic().attribute("address", "aa:bb:cc:dd:ee:ff");
        nic.source = new InterfaceSource();
        nic.source.network = "default";
        nic.source.bridge = "virbr0";
        nic.address = pci("0x00", "0x1");
        d.devices.interfaces.add(nic);
        d.devices.memballoon = new Memballoon();
        d.devices.memballoon.model = "virtio";
        d.devices.memballoon.address = pci("0x00", "0x2");
        return d;
    }

    private static Address pci(String bus, String slot) {
        Address a = new Address();
        a.type = "pci";
        a.domain = "0x0000";
        a.bus = bus;
        a.slot = slot;
        a.function = "0x0";
        return a;
    }

    final ReentrantLock lock = new ReentrantLock();
    final DomainObjectList<Domain> domains = new DomainObjectList<>();
    final DomainEventBus events = new DomainEventBus();
    /**
     * The I/O threads libvirt's test driver keeps per domain object (its private data): filled only for the
     * domains of the initial configuration, never for ones defined or created later, and kept across start and
     * stop. Guarded by the domain's lock; the map itself is synchronized.
     */
    final Map<DomainObject<Domain>, List<Integer>> iothreads = Collections.synchronizedMap(new IdentityHashMap<>());
    /**
     * A domain object's clock as libvirt's test driver keeps it in its private data: 627319920 s when the object is
     * made, changed only by virDomainSetTime. Guarded by the domain's lock.
     */
    static final class Clock {
        long seconds = 627319920L;
        long nseconds;
    }

    static Clock clock(DomainObject<Domain> obj) {
        return obj.privateData(Clock.class, Clock::new);
    }

    final AtomicInteger nextDomId = new AtomicInteger(1);
    private final boolean shared;
    private int refs = 1;

    volatile NodeInfo nodeInfo = new NodeInfo(TEST_MODEL, 1024L * 1024 * 3, 16, 1400, 2, 2, 2, 2);
    /** Per NUMA cell: memory and free memory in KiB, number of CPUs. Empty for config-file hosts. */
    long[] cellMemory = new long[0];
    long[] cellFreeMemory = new long[0];
    int cpusPerCell;
    String capabilities = "";

    private TestDriverState(boolean shared) {
        this.shared = shared;
    }

    /** The shared test:///default state, created with the initial content when no connection holds it. */
    static TestDriverState acquireDefault() {
        synchronized (DEFAULT_GUARD) {
            if (defaultState != null) {
                defaultState.refs++;
                return defaultState;
            }
            TestDriverState s = new TestDriverState(true);
            s.cellMemory = new long[] {2048L * 1024, 2 * 2048L * 1024};
            s.cellFreeMemory = new long[] {1024L * 1024, 2 * 1024L * 1024};
            s.cpusPerCell = 8;
            s.capabilities = TestCapabilities.format(s.cellMemory, s.cpusPerCell);
            s.addConfigDomain(TestConnection.completeDefinition(defaultDomain()), null);
            defaultState = s;
            return s;
        }
    }

    /** Drops one connection's hold; the shared state is forgotten with its last holder. */
    void release() {
        synchronized (DEFAULT_GUARD) {
            if (--refs == 0 && shared && defaultState == this) {
                defaultState = null;
            }
        }
    }

    /**
     * Reads libvirt's test configuration format: {@code <node>} with {@code <cpu>} (nodes, sockets, cores, threads,
     * active, mhz, model), {@code <memory>} and {@code <domain>} elements, inline or as {@code file='...'}
     * relative to the config file. Networks, pools, interfaces and devices are not modelled yet and are ignored.
     */
    static TestDriverState fromFile(Path file) {
        Document doc = parseFile(file);
        Element root = doc.getDocumentElement();
        if (!root.getLocalName().equals("node")) {
            throw VirException.of(VirErrorDomain.XML, VirErrorCode.XML_ERROR,
                    "expecting root element of 'node', not '" + root.getLocalName() + "'");
        }
        TestDriverState s = new TestDriverState(false);
        s.nodeInfo = parseNodeInfo(root, s.nodeInfo);
        s.capabilities = TestCapabilities.format(s.cellMemory, s.cpusPerCell);
        for (Element dom : children(root, "domain")) {
            Element e = dom;
            String rel = dom.getAttribute("file");
            if (!rel.isEmpty()) {
                Path p = Path.of(rel).isAbsolute() ? Path.of(rel) : file.toAbsolutePath().getParent().resolve(rel);
                e = parseFile(p).getDocumentElement();
            }
            s.addConfigDomain(serialize(e), e);
        }
        return s;
    }

    private static NodeInfo parseNodeInfo(Element root, NodeInfo d) {
        int nodes = d.nodes();
        int sockets = d.sockets();
        int cores = d.cores();
        int threads = d.threads();
        int mhz = d.mhz();
        String model = d.model();
        long memory = d.memoryKiB();
        List<Element> cpus = children(root, "cpu");
        Integer active = null;
        if (!cpus.isEmpty()) {
            Element cpu = cpus.get(0);
            nodes = uint(cpu, "nodes", nodes, "invalid node cpu nodes value");
            sockets = uint(cpu, "sockets", sockets, "invalid node cpu sockets value");
            cores = uint(cpu, "cores", cores, "invalid node cpu cores value");
            threads = uint(cpu, "threads", threads, "invalid node cpu threads value");
            int a = uint(cpu, "active", -1, "invalid node cpu active value");
            active = a < 0 ? null : a;
            mhz = uint(cpu, "mhz", mhz, "invalid node cpu mhz value");
            List<Element> m = children(cpu, "model");
            if (!m.isEmpty()) {
                model = m.get(0).getTextContent();
            }
        }
        int total = cores * threads * sockets * nodes;
        if (active != null && active < total) {
            total = active;
        }
        List<Element> mem = children(root, "memory");
        if (!mem.isEmpty()) {
            try {
                memory = Long.parseUnsignedLong(mem.get(0).getTextContent().strip());
            } catch (NumberFormatException e) {
                throw VirException.of(VirErrorDomain.TEST, VirErrorCode.XML_ERROR, "invalid node memory value");
            }
        }
        return new NodeInfo(model, memory, total, mhz, nodes, sockets, cores, threads);
    }

    private static int uint(Element parent, String name, int dflt, String error) {
        List<Element> l = children(parent, name);
        if (l.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseUnsignedInt(l.get(0).getTextContent().strip());
        } catch (NumberFormatException e) {
            throw VirException.of(VirErrorDomain.TEST, VirErrorCode.XML_ERROR, error);
        }
    }

    /** Adds one domain of the initial configuration, honouring the test namespace's runstate and transient. */
    private void addConfigDomain(String xml, @Nullable Element source) {
        addConfigDomain(TestConnection.parseDefinition(xml), source);
    }

    private void addConfigDomain(Domain def, @Nullable Element source) {
        int runstate = DomainState.RUNNING.wireValue();
        boolean transientDomain = false;
        boolean managedSave = false;
        if (source != null) {
            for (Element e : childrenNs(source)) {
                switch (e.getLocalName()) {
                    case "runstate" -> {
                        try {
                            runstate = Integer.parseUnsignedInt(e.getTextContent().strip());
                        } catch (NumberFormatException ex) {
                            throw VirException.of(VirErrorDomain.TEST, VirErrorCode.XML_ERROR, "invalid runstate");
                        }
                        if (runstate >= DomainState.values().length) {
                            throw VirException.of(VirErrorDomain.TEST, VirErrorCode.XML_ERROR,
                                    "runstate '" + runstate + "' out of range'");
                        }
                    }
                    case "transient" -> transientDomain = true;
                    case "hasmanagedsave" -> managedSave = true;
                    default -> {
                    }
                }
            }
        }
        DomainObject<Domain> obj = domains.add(def.name, java.util.UUID.fromString(def.uuid), def).object();
        obj.setPersistent(!transientDomain);
        obj.setHasManagedSave(managedSave);
        List<Integer> ids = iothreadIds(def);
        if (!ids.isEmpty()) {
            iothreads.put(obj, ids);
        }
        if (runstate != DomainState.SHUTOFF.wireValue()) {
            TestConnection.startState(this, obj, 1);
        }
        // libvirt sets the configured run state with reason 0 after starting: "running (unknown)".
        obj.setState(DomainState.fromWire(runstate), 0);
    }

    /** The domain's I/O thread ids as libvirt numbers them: the listed ones, then the lowest free ids up to the count. */
    private static List<Integer> iothreadIds(Domain d) {
        List<Integer> ids = new java.util.ArrayList<>();
        if (d.iothreadids != null) {
            for (org.virtd.xml.domain.Iothreadids.Iothread it : d.iothreadids.iothread) {
                ids.add(Integer.parseUnsignedInt(it.id.strip()));
            }
        }
        int count = d.iothreads == null ? 0 : Integer.parseUnsignedInt(d.iothreads.strip());
        for (int next = 1; ids.size() < count; next++) {
            if (!ids.contains(next)) {
                ids.add(next);
            }
        }
        return List.copyOf(ids);
    }

    private static List<Element> childrenNs(Element parent) {
        List<Element> out = new java.util.ArrayList<>();
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            if (nl.item(i) instanceof Element e && TEST_NS.equals(e.getNamespaceURI())) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new java.util.ArrayList<>();
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            Node n = nl.item(i);
            if (n instanceof Element e && e.getNamespaceURI() == null && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static Document parseFile(Path file) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(Files.newInputStream(file));
        } catch (java.nio.file.NoSuchFileException e) {
            // libvirt's client reads the file with libxml2, which warns on stderr before libvirt reports.
            System.err.print("I/O warning : failed to load external entity \"" + file + "\"\n");
            System.err.flush();
            throw VirException.of(VirErrorDomain.XML, VirErrorCode.XML_ERROR,
                    "failed to parse xml document '" + file + "'");
        } catch (IOException e) {
            throw VirException.of(VirErrorDomain.XML, VirErrorCode.SYSTEM_ERROR,
                    "failed to open or read file '" + file + "': " + e.getMessage());
        } catch (SAXException e) {
            throw VirException.of(VirErrorDomain.XML, VirErrorCode.XML_DETAIL, file + ": " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serialize(Element e) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            var w = new java.io.StringWriter();
            t.transform(new DOMSource(e), new StreamResult(w));
            return w.toString();
        } catch (TransformerException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
