package org.virtd.driver.kvm.qmp;

import com.fasterxml.jackson.databind.JsonNode;

/** An asynchronous QMP event (STOP, RESUME, SHUTDOWN, ...): its name, data (possibly empty) and QEMU's timestamp. */
public record QmpEvent(String name, JsonNode data, long seconds, long microseconds) {}
