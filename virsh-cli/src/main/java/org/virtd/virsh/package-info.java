/**
 * virtd's virsh: a clone of libvirt 9.0's virsh built on the public API ({@link org.virtd.api}) only.
 * {@link org.virtd.virsh.Main} runs a {@link org.virtd.virsh.Virsh}, which parses the global options, connects,
 * parses commands with virsh's grammar ({@link org.virtd.virsh.CommandParser}) into Picocli-declared command
 * objects and runs them, printing output and errors byte for byte as virsh does.
 */
package org.virtd.virsh;
