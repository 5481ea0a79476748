package io.kelp.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.kelp.api.v1alpha1.LogCollectionStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The patch that takes a stored status to the next one in the fields reconcile owns
 * (observedGeneration, conditions, topic, indexPattern, lastError), never touching the measured
 * ones (lag, transfer replicas, agents, lines/s) that other loops write at any time: so a
 * reconcile can never undo a fresher measurement with its older copy, and needs no resourceVersion.
 *
 * <p>Two shapes, because neither alone is right on both a real API server and the fabric8 mock:
 * a status that holds nothing of reconcile's yet (may not exist at all) gets a JSON merge patch
 * (RFC 7386) of the fields, which creates it as needed; later writes are a JSON patch (RFC 6902)
 * that sets each changed field, replacing the conditions list whole (the mock API merges lists in a
 * merge patch instead of replacing them).
 */
public final class StatusPatch {

    /** The patch type and its body, as a JSON-serialisable tree. */
    public record Patch(boolean merge, Object body) {
    }

    private record Field(String name, Function<LogCollectionStatus, Object> value) {
    }

    private static final List<Field> OWNED = List.of(
            new Field("observedGeneration", LogCollectionStatus::getObservedGeneration),
            new Field("conditions", s -> s.getConditions() == null || s.getConditions().isEmpty() ? null : s.getConditions()),
            new Field("topic", LogCollectionStatus::getTopic),
            new Field("indexPattern", LogCollectionStatus::getIndexPattern),
            new Field("lastError", LogCollectionStatus::getLastError));

    private StatusPatch() {
    }

    public static Patch between(LogCollectionStatus stored, LogCollectionStatus next) {
        if (holdsNothingOfReconcile(stored)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Field field : OWNED) {
                Object value = field.value().apply(next);
                if (value != null) {
                    fields.put(field.name(), value);
                }
            }
            return new Patch(true, Map.of("status", fields));
        }
        List<Map<String, Object>> ops = new ArrayList<>();
        for (Field field : OWNED) {
            Object before = field.value().apply(stored);
            Object after = field.value().apply(next);
            if (Objects.equals(before, after)) {
                continue;
            }
            String path = "/status/" + field.name();
            if (after == null) {
                ops.add(Map.of("op", "remove", "path", path));
            } else {
                ops.add(Map.of("op", "add", "path", path, "value", after)); // add replaces an existing member
            }
        }
        return new Patch(false, ops);
    }

    private static boolean holdsNothingOfReconcile(LogCollectionStatus stored) {
        if (stored == null) {
            return true;
        }
        List<Condition> conditions = stored.getConditions();
        return stored.getObservedGeneration() == null && (conditions == null || conditions.isEmpty())
                && stored.getTopic() == null && stored.getIndexPattern() == null && stored.getLastError() == null;
    }
}
