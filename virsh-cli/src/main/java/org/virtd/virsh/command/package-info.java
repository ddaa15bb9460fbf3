/**
 * virsh commands, one Picocli-annotated class per command, in sub-packages named after virsh's command groups.
 */
package org.virtd.virsh.command;
