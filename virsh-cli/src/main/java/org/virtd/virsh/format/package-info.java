/**
 * Byte-exact output formatting of virsh: tables, help pages, usage and version texts, and the words virsh
 * prints for states, reasons and events.
 */
package org.virtd.virsh.format;
