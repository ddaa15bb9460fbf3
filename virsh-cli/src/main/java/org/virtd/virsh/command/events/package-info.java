/**
 * virsh's "Domain Events" group (help keyword {@code events}).
 */
package org.virtd.virsh.command.events;
