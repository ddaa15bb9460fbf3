package org.virtd.virsh.command.host;

import java.util.ArrayList;
import java.util.List;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.xml.XmlDoc;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code freecell [--cellno N | --all]}: free memory of the host, of one NUMA cell, or of every cell. */
@Command(name = "freecell", header = "NUMA free memory", description = "display available free memory for the NUMA cell.")
public final class FreecellCommand implements VshCommand {
    @Option(names = "--cellno", paramLabel = OptionType.LABEL_INT, description = "NUMA cell number")
    String cellno;

    @Option(names = "--all", description = "show free memory for all NUMA cells")
    boolean all;

    @Override
    public boolean run(Virsh ctl) {
        boolean hasCell = ctl.has("cellno");
        ctl.exclusive("all", all, "cellno", hasCell);
        int cell = -1;
        if (hasCell) {
            cell = ctl.optInt("cellno");
        }
        if (!all) {
            if (hasCell) {
                long[] free = ctl.conn().nodeGetCellsFreeMemory(cell, 1);
                if (free.length != 1) {
                    return false;
                }
                ctl.print(cell + ": " + Long.toUnsignedString(Long.divideUnsigned(free[0], 1024)) + " KiB\n");
                return true;
            }
            long free = ctl.conn().nodeGetFreeMemory();
            if (free == 0) {
                return false;
            }
            ctl.print("Total: " + Long.toUnsignedString(Long.divideUnsigned(free, 1024)) + " KiB\n");
            return true;
        }
        String caps;
        try {
            caps = ctl.conn().getCapabilities();
        } catch (VirException e) {
            throw ctl.fail(e, "unable to get node capabilities");
        }
        XmlDoc xml = XmlDoc.parse(caps);
        if (xml == null) {
            throw ctl.fail("unable to get node capabilities");
        }
        List<Long> ids = new ArrayList<>();
        List<Long> free = new ArrayList<>();
        for (Node n : xml.nodes("/capabilities/host/topology/cells/cell")) {
            String v = ((Element) n).getAttribute("id");
            long id;
            try {
                id = Long.parseUnsignedLong(v);
            } catch (NumberFormatException e) {
                throw ctl.fail("conversion from string failed");
            }
            long[] f;
            try {
                f = ctl.conn().nodeGetCellsFreeMemory((int) id, 1);
            } catch (VirException e) {
                throw ctl.fail(e, "failed to get free memory for NUMA node number: " + id);
            }
            if (f.length != 1) {
                throw ctl.fail("failed to get free memory for NUMA node number: " + id);
            }
            ids.add(id);
            free.add(f[0]);
        }
        long total = 0;
        for (int i = 0; i < ids.size(); i++) {
            ctl.printf("%5d: %10s KiB\n", ids.get(i), Long.toUnsignedString(Long.divideUnsigned(free.get(i), 1024)));
            total += free.get(i);
        }
        ctl.printExtra("--------------------\n");
        ctl.printExtra(String.format("%5s: %10s KiB\n", "Total", Long.toUnsignedString(Long.divideUnsigned(total, 1024))));
        return true;
    }
}
