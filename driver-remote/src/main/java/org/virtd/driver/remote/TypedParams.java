package org.virtd.driver.remote;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.virtd.api.TypedParameter;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.rpc.proto.remote.TypedParam;
import org.virtd.rpc.proto.remote.TypedParamValue;

/**
 * The client half of libvirt's typed-parameter serialization ({@code virTypedParamsSerialize} /
 * {@code virTypedParamsDeserialize}), with the checks and error texts the client library applies to what a
 * server sends.
 */
final class TypedParams {
    private TypedParams() {
    }

    /** Wire parameters to API ones; {@code limit} is the procedure's bound (0 = none). */
    static List<TypedParameter> fromWire(List<TypedParam> wire, int limit) {
        if (limit != 0 && wire.size() > limit) {
            throw VirException.format(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "too many parameters '%d' for limit '%d'", wire.size(), limit);
        }
        List<TypedParameter> out = new ArrayList<>(wire.size());
        for (TypedParam p : wire) {
            String f = p.field();
            // The C library copies each name into a fixed 80-byte field, terminating NUL included.
            if (f.getBytes(StandardCharsets.UTF_8).length >= TypedParameter.FIELD_LENGTH) {
                throw VirException.format(VirErrorDomain.REMOTE, VirErrorCode.INTERNAL_ERROR,
                        "parameter %s too big for destination", f);
            }
            out.add(switch (p.value()) {
                case TypedParamValue.OfInt v -> new TypedParameter.Int(f, v.i());
                case TypedParamValue.OfUint v -> new TypedParameter.UInt(f, v.ui());
                case TypedParamValue.OfLlong v -> new TypedParameter.LLong(f, v.l());
                case TypedParamValue.OfUllong v -> new TypedParameter.ULLong(f, v.ul());
                case TypedParamValue.OfDouble v -> new TypedParameter.Dbl(f, v.d());
                case TypedParamValue.OfBoolean v -> new TypedParameter.Bool(f, v.b() != 0);
                case TypedParamValue.OfString v -> new TypedParameter.Str(f, v.s());
            });
        }
        return List.copyOf(out);
    }

    /** API parameters to wire ones, refusing more than {@code limit}. */
    static List<TypedParam> toWire(List<TypedParameter> params, int limit) {
        if (params.size() > limit) {
            throw VirException.format(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "too many parameters '%d' for limit '%d'", params.size(), limit);
        }
        List<TypedParam> out = new ArrayList<>(params.size());
        for (TypedParameter p : params) {
            TypedParamValue v = switch (p) {
                case TypedParameter.Int i -> new TypedParamValue.OfInt(i.value());
                case TypedParameter.UInt u -> new TypedParamValue.OfUint(u.value());
                case TypedParameter.LLong l -> new TypedParamValue.OfLlong(l.value());
                case TypedParameter.ULLong u -> new TypedParamValue.OfUllong(u.value());
                case TypedParameter.Dbl d -> new TypedParamValue.OfDouble(d.value());
                case TypedParameter.Bool b -> new TypedParamValue.OfBoolean(b.value() ? 1 : 0);
                case TypedParameter.Str s -> new TypedParamValue.OfString(s.value());
            };
            out.add(new TypedParam(p.field(), v));
        }
        return List.copyOf(out);
    }
}
