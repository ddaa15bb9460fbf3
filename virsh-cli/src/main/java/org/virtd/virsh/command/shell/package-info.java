/**
 * virsh's "Virsh itself" group (help keyword {@code virsh}): help, connect, quit, exit.
 */
package org.virtd.virsh.command.shell;
