package org.virtd.rpc.xdr;

/** The empty body: procedures without arguments or without a return value use it. */
public enum XdrVoid {
    INSTANCE;

    /** Reads and writes nothing. */
    public static final XdrCodec<XdrVoid> CODEC = new XdrCodec<>() {
        @Override
        public XdrVoid decode(XdrInput in) {
            return INSTANCE;
        }

        @Override
        public void encode(XdrOutput out, XdrVoid value) {
            // the body is empty
        }
    };
}
