package org.virtd.daemon.dispatch;

import java.util.ArrayList;
import java.util.List;
import org.virtd.api.TypedParameter;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.rpc.proto.remote.TypedParam;
import org.virtd.rpc.proto.remote.TypedParamValue;

/**
 * The daemon half of libvirt's typed-parameter serialization: API parameters into the wire union, with
 * {@code virTypedParamsSerialize}'s limit check and text. String values always go out (libvirtd serializes
 * with {@code VIR_TYPED_PARAM_STRING_OKAY} for every reply that carries them).
 */
final class TypedParams {
    private TypedParams() {
    }

    static List<TypedParam> toWire(List<TypedParameter> params, int limit) {
        if (params.size() > limit) {
            throw VirException.format(VirErrorDomain.RPC, VirErrorCode.RPC,
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
