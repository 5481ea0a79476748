package io.kelp.operator.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kelp.api.v1alpha1.CollectionResource;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.RecordFormat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The composable index template of a collection's daily indices.
 *
 * <p>The body carries a hash of itself in {@code _meta.kelp_hash}: Elasticsearch normalises what
 * it stores (numbers become strings, settings gain an {@code index.} prefix), so comparing bodies
 * would report a change on every resync. Comparing the hash we wrote does not.
 *
 * @param name the template name, {@link CollectionRef#indexTemplateName()}
 * @param body the JSON body of {@code PUT /_index_template/<name>}, including {@code _meta}
 * @param hash the hash stored in {@code _meta.kelp_hash}
 */
public record IndexTemplateSpec(String name, Map<String, Object> body, String hash) {

    /** Above Elasticsearch's built-in templates (priority 100 and below for logs-*-*). */
    static final int PRIORITY = 200;
    public static final String HASH_KEY = "kelp_hash";

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    public static IndexTemplateSpec of(CollectionRef ref, CollectionResource collection) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("number_of_shards", SpecDefaults.shards(collection));
        settings.put("number_of_replicas", SpecDefaults.replicas(collection));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("index_patterns", List.of(ref.indexPattern()));
        body.put("priority", PRIORITY);
        body.put("template", Map.of("settings", settings,
                "mappings", RecordMappings.mappings(SpecDefaults.extraMappings(collection))));
        String hash = hashOf(body);
        body.put("_meta", Map.of("managed_by", "kelp-operator", "collection", ref.toString(), HASH_KEY, hash));
        return new IndexTemplateSpec(ref.indexTemplateName(), Map.copyOf(body), hash);
    }

    public byte[] bodyJson() {
        try {
            return CANONICAL.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("index template body is not serialisable", e);
        }
    }

    static String hashOf(Map<String, Object> body) {
        try {
            byte[] canonical = CANONICAL.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash index template body", e);
        }
    }

    /** The mappings of the fields the agent writes ({@link RecordFormat}). */
    static final class RecordMappings {

        private RecordMappings() {
        }

        /** Types a user may give an extra field; anything else is refused by validation. */
        static final List<String> KELP_FIELDS = List.of(RecordFormat.TIMESTAMP, RecordFormat.MESSAGE,
                RecordFormat.STREAM, RecordFormat.LOG_LEVEL, RecordFormat.LOG_FILE_PATH, RecordFormat.LOG_OFFSET,
                RecordFormat.K8S_NAMESPACE, RecordFormat.K8S_POD, RecordFormat.K8S_POD_UID, RecordFormat.K8S_CONTAINER,
                RecordFormat.K8S_NODE, RecordFormat.K8S_LABELS, RecordFormat.HOST_NAME, RecordFormat.COLLECTION,
                RecordFormat.FLAGS);

        static final java.util.Set<String> EXTRA_TYPES = java.util.Set.of("keyword", "text", "long", "double", "date", "boolean", "ip");

        static Map<String, Object> mappings(Map<String, String> extra) {
            Map<String, Object> properties = new LinkedHashMap<>();
            // SpecValidator has refused extra fields that overlap Kelp's own, so none is overwritten.
            new java.util.TreeMap<>(extra).forEach((field, type) -> put(properties, field, type(type)));
            put(properties, RecordFormat.TIMESTAMP, type("date"));
            put(properties, RecordFormat.MESSAGE, type("text"));
            put(properties, RecordFormat.STREAM, type("keyword"));
            put(properties, RecordFormat.LOG_LEVEL, type("keyword"));
            put(properties, RecordFormat.LOG_FILE_PATH, type("keyword"));
            put(properties, RecordFormat.LOG_OFFSET, type("long"));
            put(properties, RecordFormat.K8S_NAMESPACE, type("keyword"));
            put(properties, RecordFormat.K8S_POD, type("keyword"));
            put(properties, RecordFormat.K8S_POD_UID, type("keyword"));
            put(properties, RecordFormat.K8S_CONTAINER, type("keyword"));
            put(properties, RecordFormat.K8S_NODE, type("keyword"));
            // Label keys contain dots (app.kubernetes.io/name); without subobjects=false they
            // would become nested objects that clash with a plain "app" label.
            put(properties, RecordFormat.K8S_LABELS, Map.of("type", "object", "subobjects", false));
            put(properties, RecordFormat.HOST_NAME, type("keyword"));
            put(properties, RecordFormat.COLLECTION, type("keyword"));
            put(properties, RecordFormat.FLAGS, type("keyword"));

            Map<String, Object> labelsAsKeywords = Map.of("labels_as_keywords", Map.of(
                    "path_match", RecordFormat.K8S_LABELS + ".*",
                    "mapping", type("keyword")));
            Map<String, Object> mappings = new LinkedHashMap<>();
            mappings.put("dynamic_templates", List.of(labelsAsKeywords));
            mappings.put("properties", properties);
            return mappings;
        }

        private static Map<String, Object> type(String type) {
            return Map.of("type", type);
        }

        /** Puts a dotted field name as nested object properties, the form Elasticsearch returns. */
        @SuppressWarnings("unchecked")
        private static void put(Map<String, Object> properties, String dottedName, Map<String, Object> mapping) {
            String[] parts = dottedName.split("\\.");
            Map<String, Object> level = properties;
            for (int i = 0; i < parts.length - 1; i++) {
                Map<String, Object> object = (Map<String, Object>) level.computeIfAbsent(parts[i],
                        k -> new LinkedHashMap<>(Map.of("properties", new LinkedHashMap<String, Object>())));
                level = (Map<String, Object>) object.get("properties");
            }
            level.put(parts[parts.length - 1], mapping);
        }
    }
}
