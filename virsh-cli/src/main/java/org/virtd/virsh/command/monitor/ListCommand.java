package org.virtd.virsh.command.monitor;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.virtd.api.Connect;
import org.virtd.api.Domain;
import org.virtd.api.DomainState;
import org.virtd.api.Flags;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.format.DomainStates;
import org.virtd.virsh.format.Table;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code list}: one CONNECT_LIST_ALL_DOMAINS with the filter flags, then one GET_STATE per domain for the table.
 * Against a driver without the flag filters it falls back as virsh does (mask to active/inactive, filter here).
 */
@Command(name = "list", header = "list domains", description = "Returns list of domains.")
public final class ListCommand implements VshCommand {
    @Option(names = "--inactive", description = "list inactive domains") boolean inactive;
    @Option(names = "--all", description = "list inactive & active domains") boolean all;
    @Option(names = "--transient", description = "list transient domains") boolean transientOnly;
    @Option(names = "--persistent", description = "list persistent domains") boolean persistent;
    @Option(names = "--with-snapshot", description = "list domains with existing snapshot") boolean withSnapshot;
    @Option(names = "--without-snapshot", description = "list domains without a snapshot") boolean withoutSnapshot;
    @Option(names = "--with-checkpoint", description = "list domains with existing checkpoint")
    boolean withCheckpoint;
    @Option(names = "--without-checkpoint", description = "list domains without a checkpoint")
    boolean withoutCheckpoint;
    @Option(names = "--state-running", description = "list domains in running state") boolean stateRunning;
    @Option(names = "--state-paused", description = "list domains in paused state") boolean statePaused;
    @Option(names = "--state-shutoff", description = "list domains in shutoff state") boolean stateShutoff;
    @Option(names = "--state-other", description = "list domains in other states") boolean stateOther;
    @Option(names = "--autostart", description = "list domains with autostart enabled") boolean autostart;
    @Option(names = "--no-autostart", description = "list domains with autostart disabled") boolean noAutostart;
    @Option(names = "--with-managed-save", description = "list domains with managed save state")
    boolean withManagedSave;
    @Option(names = "--without-managed-save", description = "list domains without managed save")
    boolean withoutManagedSave;
    @Option(names = "--uuid", description = "list uuid's only") boolean uuid;
    @Option(names = "--name", description = "list domain names only") boolean name;
    @Option(names = "--id", description = "list domain IDs only") boolean id;
    @Option(names = "--table", description = "list table (default)") boolean table;
    @Option(names = "--managed-save", description = "mark inactive domains with managed save state")
    boolean managedSave;
    @Option(names = "--title", description = "show domain title") boolean title;

    private static final int FILTERS_ACTIVE = Flags.LIST_DOMAINS_ACTIVE | Flags.LIST_DOMAINS_INACTIVE;
    private static final int FILTERS_PERSISTENT = Flags.LIST_DOMAINS_PERSISTENT | Flags.LIST_DOMAINS_TRANSIENT;
    private static final int FILTERS_STATE = Flags.LIST_DOMAINS_RUNNING | Flags.LIST_DOMAINS_PAUSED
            | Flags.LIST_DOMAINS_SHUTOFF | Flags.LIST_DOMAINS_OTHER;
    private static final int FILTERS_AUTOSTART = Flags.LIST_DOMAINS_AUTOSTART | Flags.LIST_DOMAINS_NO_AUTOSTART;
    private static final int FILTERS_MANAGEDSAVE = Flags.LIST_DOMAINS_MANAGEDSAVE
            | Flags.LIST_DOMAINS_NO_MANAGEDSAVE;
    private static final int FILTERS_SNAPSHOT = Flags.LIST_DOMAINS_HAS_SNAPSHOT | Flags.LIST_DOMAINS_NO_SNAPSHOT;

    @Override
    public boolean run(Virsh ctl) {
        int flags = Flags.LIST_DOMAINS_ACTIVE;
        if (inactive || stateShutoff) {
            flags = Flags.LIST_DOMAINS_INACTIVE;
        }
        if (all) {
            flags = Flags.LIST_DOMAINS_INACTIVE | Flags.LIST_DOMAINS_ACTIVE;
        }
        flags |= persistent ? Flags.LIST_DOMAINS_PERSISTENT : 0;
        flags |= transientOnly ? Flags.LIST_DOMAINS_TRANSIENT : 0;
        flags |= withManagedSave ? Flags.LIST_DOMAINS_MANAGEDSAVE : 0;
        flags |= withoutManagedSave ? Flags.LIST_DOMAINS_NO_MANAGEDSAVE : 0;
        flags |= autostart ? Flags.LIST_DOMAINS_AUTOSTART : 0;
        flags |= noAutostart ? Flags.LIST_DOMAINS_NO_AUTOSTART : 0;
        flags |= withSnapshot ? Flags.LIST_DOMAINS_HAS_SNAPSHOT : 0;
        flags |= withoutSnapshot ? Flags.LIST_DOMAINS_NO_SNAPSHOT : 0;
        flags |= withCheckpoint ? Flags.LIST_DOMAINS_HAS_CHECKPOINT : 0;
        flags |= withoutCheckpoint ? Flags.LIST_DOMAINS_NO_CHECKPOINT : 0;
        flags |= stateRunning ? Flags.LIST_DOMAINS_RUNNING : 0;
        flags |= statePaused ? Flags.LIST_DOMAINS_PAUSED : 0;
        flags |= stateShutoff ? Flags.LIST_DOMAINS_SHUTOFF : 0;
        flags |= stateOther ? Flags.LIST_DOMAINS_OTHER : 0;

        ctl.exclusive("table", "name");
        ctl.exclusive("table", "uuid");
        ctl.exclusive("table", "id");
        boolean optTable = table || (!uuid && !name && !id);

        List<Domain> list = collect(ctl, flags);
        if (list == null) {
            return false;
        }
        Table t = optTable ? (title ? new Table("Id", "Name", "State", "Title") : new Table("Id", "Name", "State"))
                : null;
        for (Domain dom : list) {
            String idText = dom.id() == -1 ? "-" : Integer.toString(dom.id());
            if (optTable) {
                int state;
                try {
                    state = ctl.domainState(dom).state();
                } catch (VirException e) {
                    // The domain may have gone away since the listing.
                    ctl.resetError();
                    continue;
                }
                String stateText = DomainStates.state(state);
                if (managedSave && state == DomainState.SHUTOFF.wireValue() && hasManagedSave(dom)) {
                    stateText = "saved";
                }
                if (title) {
                    t.add(idText, dom.name(), stateText, title(dom));
                } else {
                    t.add(idText, dom.name(), stateText);
                }
            } else {
                String sep = "";
                StringBuilder b = new StringBuilder();
                if (uuid) {
                    b.append(dom.uuid());
                    sep = " ";
                }
                if (id) {
                    if (dom.id() == -1 && !uuid && !name) {
                        continue;
                    }
                    b.append(sep).append(idText);
                    sep = " ";
                }
                if (name) {
                    b.append(sep).append(dom.name());
                }
                ctl.print(b.append('\n').toString());
            }
        }
        if (optTable) {
            ctl.print(t.format());
        }
        return true;
    }

    private static boolean hasManagedSave(Domain dom) {
        try {
            return dom.hasManagedSaveImage(0);
        } catch (VirException e) {
            return false;
        }
    }

    /** The title, read from the domain XML as virsh does when the driver has no metadata call. */
    private static String title(Domain dom) {
        String xml = dom.getXmlDesc(0);
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element root = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
            NodeList children = root.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element e && e.getTagName().equals("title")) {
                    return e.getTextContent();
                }
            }
            return "";
        } catch (Exception e) {
            return "";
        }
    }

    /** virsh's domain list collection: the flag API, its retries and fallbacks, then virsh's sort order. */
    private List<Domain> collect(Virsh ctl, int flags) {
        Connect conn = ctl.conn();
        List<Domain> list;
        try {
            list = new ArrayList<>(conn.listAllDomains(flags));
        } catch (VirException e) {
            if (e.code() == VirErrorCode.NO_SUPPORT.wireValue()) {
                list = legacyList(ctl, flags);
                if (list == null) {
                    return null;
                }
                list = filter(ctl, list, flags);
            } else if (e.code() == VirErrorCode.INVALID_ARG.wireValue()) {
                try {
                    list = filter(ctl, new ArrayList<>(conn.listAllDomains(flags & FILTERS_ACTIVE)), flags);
                } catch (VirException again) {
                    ctl.saveError(again);
                    ctl.error("Failed to list domains");
                    return null;
                }
            } else {
                ctl.saveError(e);
                ctl.error("Failed to list domains");
                return null;
            }
            if (list == null) {
                return null;
            }
        }
        list.sort(ORDER);
        return list;
    }

    /** Active domains by id, then inactive ones by name ignoring case. */
    private static final Comparator<Domain> ORDER = (a, b) -> {
        boolean ia = a.id() != -1;
        boolean ib = b.id() != -1;
        if (!ia && !ib) {
            return String.CASE_INSENSITIVE_ORDER.compare(a.name(), b.name());
        }
        if (ia && ib) {
            return Integer.compareUnsigned(a.id(), b.id());
        }
        return ia ? -1 : 1;
    };

    private static boolean match(int flags, int bit) {
        return (flags & bit) != 0;
    }

    private static List<Domain> legacyList(Virsh ctl, int flags) {
        Connect conn = ctl.conn();
        ctl.resetError();
        List<Domain> out = new ArrayList<>();
        if (!match(flags, FILTERS_ACTIVE) || match(flags, Flags.LIST_DOMAINS_ACTIVE)) {
            int[] ids;
            try {
                int n = conn.numOfDomains();
                ids = n == 0 ? new int[0] : conn.listDomains(n);
            } catch (VirException e) {
                ctl.saveError(e);
                ctl.error("Failed to list active domains");
                return null;
            }
            for (int i : ids) {
                try {
                    out.add(conn.lookupById(i));
                } catch (VirException e) {
                    // Gone since the listing.
                }
            }
        }
        if (!match(flags, FILTERS_ACTIVE) || match(flags, Flags.LIST_DOMAINS_INACTIVE)) {
            List<String> names;
            try {
                int n = conn.numOfDefinedDomains();
                names = n == 0 ? List.of() : conn.listDefinedDomains(n);
            } catch (VirException e) {
                ctl.saveError(e);
                ctl.error("Failed to list inactive domains");
                return null;
            }
            for (String n : names) {
                try {
                    out.add(conn.lookupByName(n));
                } catch (VirException e) {
                    // Gone since the listing.
                }
            }
        }
        return out;
    }

    private static List<Domain> filter(Virsh ctl, List<Domain> in, int flags) {
        List<Domain> out = new ArrayList<>();
        for (Domain dom : in) {
            try {
                if (match(flags, FILTERS_PERSISTENT)) {
                    boolean p = dom.isPersistent();
                    if (!((match(flags, Flags.LIST_DOMAINS_PERSISTENT) && p)
                            || (match(flags, Flags.LIST_DOMAINS_TRANSIENT) && !p))) {
                        continue;
                    }
                }
                if (match(flags, FILTERS_STATE)) {
                    int s = dom.getState(0).state();
                    boolean running = s == DomainState.RUNNING.wireValue();
                    boolean paused = s == DomainState.PAUSED.wireValue();
                    boolean shutoff = s == DomainState.SHUTOFF.wireValue();
                    if (!((match(flags, Flags.LIST_DOMAINS_RUNNING) && running)
                            || (match(flags, Flags.LIST_DOMAINS_PAUSED) && paused)
                            || (match(flags, Flags.LIST_DOMAINS_SHUTOFF) && shutoff)
                            || (match(flags, Flags.LIST_DOMAINS_OTHER) && !running && !paused && !shutoff))) {
                        continue;
                    }
                }
                if (match(flags, FILTERS_AUTOSTART)) {
                    boolean a = dom.getAutostart();
                    if (!((match(flags, Flags.LIST_DOMAINS_AUTOSTART) && a)
                            || (match(flags, Flags.LIST_DOMAINS_NO_AUTOSTART) && !a))) {
                        continue;
                    }
                }
                if (match(flags, FILTERS_MANAGEDSAVE)) {
                    boolean m = dom.hasManagedSaveImage(0);
                    if (!((match(flags, Flags.LIST_DOMAINS_MANAGEDSAVE) && m)
                            || (match(flags, Flags.LIST_DOMAINS_NO_MANAGEDSAVE) && !m))) {
                        continue;
                    }
                }
                if (match(flags, FILTERS_SNAPSHOT)) {
                    int n = dom.snapshotNum(0);
                    if (!((match(flags, Flags.LIST_DOMAINS_HAS_SNAPSHOT) && n > 0)
                            || (match(flags, Flags.LIST_DOMAINS_NO_SNAPSHOT) && n == 0))) {
                        continue;
                    }
                }
            } catch (VirException e) {
                ctl.saveError(e);
                ctl.error("Failed to get domain information");
                return null;
            }
            out.add(dom);
        }
        return out;
    }
}
