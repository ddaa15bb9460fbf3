package org.virtd.driver.kvm.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ordered JSON object for {@code -blockdev}, {@code -device}, {@code -netdev} and {@code -object} values: QEMU
 * reads any key order, but libvirt's order is kept so generated lines compare with its test files.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, Object> map = new LinkedHashMap<>();

    static Json obj() {
        return new Json();
    }

    Json put(String key, Object value) {
        if (value != null) {
            map.put(key, value instanceof Json j ? j.map : value);
        }
        return this;
    }

    boolean has(String key) {
        return map.containsKey(key);
    }

    @Override
    public String toString() {
        try {
            return MAPPER.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
