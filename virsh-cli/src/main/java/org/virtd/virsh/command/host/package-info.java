/**
 * virsh's "Host and Hypervisor" group (help keyword {@code host}).
 */
package org.virtd.virsh.command.host;
