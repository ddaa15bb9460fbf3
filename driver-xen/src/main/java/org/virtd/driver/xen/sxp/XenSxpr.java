package org.virtd.driver.xen.sxp;

import org.virtd.xml.DomainXmlException;
import org.virtd.xml.domain.Domain;

/**
 * The {@code xen-sxpr} native format: the xend S-expression of a domain, as kept in
 * {@code <state>/domains/<UUID>/config.sxp} and as {@code domxml-from-native}/{@code domxml-to-native} use it.
 */
public final class XenSxpr {
    private XenSxpr() {
    }

    /**
     * Reads an xend domain S-expression ({@code (domain ...)} as xend reported it, or {@code (vm ...)} as
     * {@link #format} writes it) into a domain, with libvirt 4.5.0's Xen defaults applied. A domain id
     * ({@code domid}) makes it a live definition; interface target names are then derived from it.
     *
     * @throws SxprException with line and column for malformed text; without them for a description libvirt
     *         would refuse (missing name or uuid, unknown lifecycle action, bad disk or vif spec, ...)
     */
    public static Domain parse(String text) throws SxprException {
        return SxprToDomain.convert(Sexpr.parse(text));
    }

    /**
     * {@link #parse} with the tolerance libvirt's xend reader had (for {@code domxml-from-native xen-sxpr}):
     * lists left open at the end of the text are closed and text after the first expression is ignored, where
     * {@link #parse} reports both. Use {@link #parse} for files virtd wrote itself, so truncation is noticed.
     */
    public static Domain parseLenient(String text) throws SxprException {
        return SxprToDomain.convert(Sexpr.parseLenient(text));
    }

    /**
     * Writes {@code domain} as the one-line {@code (vm ...)} S-expression libvirt 4.5.0 sent to xend. Parts xend
     * has no syntax for are left out (see the package documentation for the list).
     *
     * @throws SxprException for what xend cannot express at all (e.g. HVM without a loader, an interface of
     *         type network, several IP addresses on one interface, managed PCI devices)
     */
    public static String format(Domain domain) throws SxprException {
        try {
            return DomainToSxpr.format(domain);
        } catch (NumberFormatException e) {
            throw new SxprException("malformed number in the domain definition: " + e.getMessage());
        } catch (DomainXmlException e) {
            throw new SxprException(e.getMessage());
        }
    }
}
