package org.virtd.api;

/** What {@code virDomainGetSecurityLabel} reports: the label text (empty when none) and whether it is enforced. */
public record SecurityLabel(String label, boolean enforcing) {
}
