package org.virtd.xml;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.namespace.QName;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.OrderedDomHandler;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A deep copy of the typed domain model without going through XML: every object of the model package is
 * instantiated anew and its fields copied (lists and maps rebuilt, DOM subtrees of unknown content cloned, strings
 * shared as they are immutable), and the recorded document order is carried over to the copies. Much cheaper than
 * formatting and re-reading, which is what drivers do on every start and definition (live vs persistent copies).
 */
final class ModelCopy {
    private static final String MODEL_PACKAGE = Domain.class.getPackageName();
    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    private final Map<Object, Object> copies = new IdentityHashMap<>();

    private ModelCopy() {
    }

    static Domain of(Domain domain) {
        ModelCopy c = new ModelCopy();
        Domain copy = (Domain) c.copy(domain);
        if (domain.documentOrder != null) {
            Map<Object, List<String>> order = new IdentityHashMap<>();
            domain.documentOrder.forEach((node, names) -> {
                Object target = c.copies.get(node);
                if (target != null) {
                    order.put(target, new ArrayList<>(names));
                }
            });
            copy.documentOrder = order;
        }
        return copy;
    }

    private Object copy(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof Enum<?> || value instanceof QName) {
            return value;
        }
        Object done = copies.get(value);
        if (done != null) {
            return done;
        }
        Object out;
        if (value instanceof Node n) {
            out = cloneKeepingAttributeOrder(n);
        } else if (value instanceof List<?> list) {
            List<Object> l = new ArrayList<>(list.size());
            for (Object e : list) {
                l.add(copy(e));
            }
            out = l;
        } else if (value instanceof Map<?, ?> map) {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                m.put(copy(e.getKey()), copy(e.getValue()));
            }
            out = m;
        } else if (value.getClass().getPackageName().startsWith(MODEL_PACKAGE)) {
            out = copyModelObject(value);
        } else {
            throw new IllegalStateException("cannot copy a " + value.getClass().getName() + " of the domain model");
        }
        copies.put(value, out);
        return out;
    }

    private Object copyModelObject(Object value) {
        Object out;
        try {
            Constructor<?> ctor = value.getClass().getDeclaredConstructor();
            ctor.setAccessible(true);
            out = ctor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + value.getClass().getName(), e);
        }
        copies.put(value, out);
        for (Field f : fields(value.getClass())) {
            try {
                f.set(out, copy(f.get(value)));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot copy " + f, e);
            }
        }
        return out;
    }

    /** A deep DOM clone that keeps each element's recorded attribute order (user data a DOM clone drops). */
    private static Node cloneKeepingAttributeOrder(Node original) {
        Node clone = original.cloneNode(true);
        copyAttributeOrder(original, clone);
        return clone;
    }

    private static void copyAttributeOrder(Node from, Node to) {
        Object order = from.getUserData(OrderedDomHandler.ATTRIBUTE_ORDER);
        if (order != null) {
            to.setUserData(OrderedDomHandler.ATTRIBUTE_ORDER, order, null);
        }
        NodeList a = from.getChildNodes();
        NodeList b = to.getChildNodes();
        for (int i = 0; i < a.getLength() && i < b.getLength(); i++) {
            copyAttributeOrder(a.item(i), b.item(i));
        }
    }

    /** The instance fields of a model class and its superclasses, except the document order (remapped apart). */
    private static List<Field> fields(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            List<Field> out = new ArrayList<>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("documentOrder")) {
                        continue;
                    }
                    f.setAccessible(true);
                    out.add(f);
                }
            }
            return List.copyOf(out);
        });
    }
}
