/**
 * virsh's "Domain Monitoring" group (help keyword {@code monitor}).
 */
package org.virtd.virsh.command.monitor;
