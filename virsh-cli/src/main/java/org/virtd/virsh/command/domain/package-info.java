/**
 * virsh's "Domain Management" group (help keyword {@code domain}).
 */
package org.virtd.virsh.command.domain;
