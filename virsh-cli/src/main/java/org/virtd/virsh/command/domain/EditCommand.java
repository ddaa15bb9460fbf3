package org.virtd.virsh.command.domain;

import java.nio.file.Path;
import org.virtd.api.Connect;
import org.virtd.api.Domain;
import org.virtd.api.Flags;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;
import org.virtd.virsh.Editor;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edit DOMAIN [--skip-validate]}: the persistent XML (with secure parts) in the user's editor, redefined
 * when it changed. A failed redefinition asks, on a terminal, whether to edit again, throw the change away, force
 * or relax validation; without a terminal virsh prints the failure and, oddly, still reports the domain as edited
 * under the name "(null)" with success: reproduced, since scripts may depend on it.
 */
@Command(name = "edit", header = "edit XML configuration for a domain",
        description = "Edit the XML configuration for a domain.")
public final class EditCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--skip-validate", description = "skip validation of the XML against the schema")
    boolean skipValidate;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        int queryFlags = Flags.XML_SECURE | Flags.XML_INACTIVE;
        int defineFlags = skipValidate ? 0 : Flags.DEFINE_VALIDATE;
        boolean relaxAvailable = true;
        Editor editor = new Editor(ctl, ctl::getenv);
        String doc = dom.getXmlDesc(queryFlags);
        Path tmp = editor.writeTemp(doc);
        Domain edited = null;
        try {
            boolean reedit = true;
            String docEdited = null;
            while (true) {
                if (reedit) {
                    editor.edit(tmp);
                    docEdited = editor.readBack(tmp);
                    if (doc.equals(docEdited)) {
                        ctl.printExtra("Domain '" + dom.name() + "' XML configuration not changed.\n");
                        return true;
                    }
                }
                reedit = false;
                String msg = null;
                String reread = dom.getXmlDesc(queryFlags);
                if (!doc.equals(reread)) {
                    msg = "The XML configuration was changed by another user.";
                    doc = reread;
                }
                if (msg == null) {
                    try {
                        edited = define(ctl.conn(), docEdited, defineFlags);
                    } catch (VirException e) {
                        ctl.saveError(e);
                        msg = "Failed.";
                    }
                }
                if (msg == null) {
                    break;
                }
                int c = editor.askReedit(msg, relaxAvailable);
                if (c == 'y') {
                    reedit = true;
                } else if (c == 'f') {
                    continue;
                } else if (c == 'n') {
                    return false;
                } else if (c == 'i' && relaxAvailable) {
                    defineFlags &= ~Flags.DEFINE_VALIDATE;
                    relaxAvailable = false;
                } else {
                    ctl.error(msg);
                    break;
                }
            }
        } finally {
            Editor.delete(tmp);
        }
        ctl.printExtra("Domain '" + (edited == null ? "(null)" : edited.name()) + "' XML configuration edited.\n");
        return true;
    }

    /** virsh's virshDomainDefine: with VALIDATE alone refused as unsupported, define without it. */
    static Domain define(Connect conn, String xml, int flags) {
        if (flags == 0) {
            return conn.defineXml(xml);
        }
        try {
            return conn.defineXmlFlags(xml, flags);
        } catch (VirException e) {
            if (e.code() == VirErrorCode.NO_SUPPORT.wireValue() && flags == Flags.DEFINE_VALIDATE) {
                return conn.defineXml(xml);
            }
            throw e;
        }
    }
}
