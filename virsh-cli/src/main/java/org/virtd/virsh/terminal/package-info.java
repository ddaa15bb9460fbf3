/**
 * virsh's interactive shell on a terminal: JLine line editing, history in virsh's history file, and completion of
 * command names, option names and domain names. Loaded only when {@code virsh} runs interactively on a terminal,
 * so one-shot commands never pay for JLine's start-up.
 */
package org.virtd.virsh.terminal;
