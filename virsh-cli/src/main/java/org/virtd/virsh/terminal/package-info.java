/**
 * virsh's interactive shell on a terminal: JLine line editing, history in virsh's history file, and completion of
 * command names, option names and domain names; and the raw-mode terminal of {@code console}. Loaded only when
 * {@code virsh} runs interactively on a terminal (or a console is opened), so one-shot commands never pay for
 * JLine's start-up.
 */
package org.virtd.virsh.terminal;
