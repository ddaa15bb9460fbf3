package org.virtd.virsh.command.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.virsh.CommandFailed;
import org.virtd.virsh.Virsh;

/** Reads an XML file as libvirt's {@code virFileReadAll} does, with its error texts and 10 MiB limit. */
final class XmlFiles {
    private static final long MAX_XML_FILE = 10L * 1024 * 1024;

    private XmlFiles() {
    }

    static String read(Virsh ctl, String file) {
        Path p = Path.of(file);
        try {
            if (Files.isDirectory(p)) {
                throw systemError(ctl, "Failed to read file '" + file + "': Is a directory");
            }
            if (Files.size(p) > MAX_XML_FILE) {
                throw systemError(ctl, "File '" + file + "' is too large");
            }
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw systemError(ctl, "Failed to open file '" + file + "': No such file or directory");
        } catch (AccessDeniedException e) {
            throw systemError(ctl, "Failed to open file '" + file + "': Permission denied");
        } catch (IOException e) {
            throw systemError(ctl, "Failed to read file '" + file + "': " + e.getMessage());
        }
    }

    private static CommandFailed systemError(Virsh ctl, String message) {
        ctl.saveError(new VirException(VirErrorCode.SYSTEM_ERROR.wireValue(), VirErrorDomain.NONE.wireValue(),
                message, VirException.LEVEL_ERROR, null, null, null, 0, 0));
        return new CommandFailed();
    }
}
