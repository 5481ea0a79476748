package io.kelp.e2e.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders a CRD's schema (every spec field with its type, default, validations and description,
 * the CEL rules and the printer columns) as the markdown configuration reference of
 * docs/operating.md. Pure text in, text out, so the docs cannot drift from the generated CRD.
 */
final class CrdReference {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private CrdReference() {
    }

    static String render(Path crdFile) {
        JsonNode crd = read(crdFile);
        JsonNode names = crd.at("/spec/names");
        StringBuilder out = new StringBuilder();
        for (JsonNode version : crd.at("/spec/versions")) {
            out.append("### `").append(names.path("kind").asText()).append("` (`")
                    .append(crd.at("/spec/group").asText()).append('/').append(version.path("name").asText())
                    .append("`, ").append(crd.at("/spec/scope").asText().toLowerCase()).append(")\n\n");
            out.append("Plural `").append(names.path("plural").asText()).append('`');
            if (names.has("shortNames")) {
                out.append(", short name ");
                names.path("shortNames").forEach(n -> out.append('`').append(n.asText()).append("` "));
                out.setLength(out.length() - 1);
            }
            out.append(". `kubectl explain ").append(names.path("plural").asText())
                    .append(".spec` shows the same descriptions.\n\n");
            JsonNode spec = version.at("/schema/openAPIV3Schema/properties/spec");
            out.append("| field | type | default | validation | description |\n|---|---|---|---|---|\n");
            List<String[]> rules = new ArrayList<>();
            fields("spec", spec, out, rules);
            if (!rules.isEmpty()) {
                out.append("\nRules checked by the API server (CEL), with the message a refused object gets:\n\n");
                out.append("| on | rule | message |\n|---|---|---|\n");
                for (String[] rule : rules) {
                    out.append("| `").append(rule[0]).append("` | `").append(cell(rule[1])).append("` | ")
                            .append(cell(rule[2])).append(" |\n");
                }
            }
            if (version.has("additionalPrinterColumns")) {
                out.append("\n`kubectl get ").append(names.path("plural").asText()).append("` columns:\n\n");
                out.append("| column | type | from |\n|---|---|---|\n");
                for (JsonNode column : version.path("additionalPrinterColumns")) {
                    out.append("| ").append(column.path("name").asText()).append(" | ")
                            .append(column.path("type").asText()).append(" | `")
                            .append(cell(column.path("jsonPath").asText())).append("` |\n");
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void fields(String path, JsonNode schema, StringBuilder out, List<String[]> rules) {
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            rules.add(new String[] {path, rule.path("rule").asText(), rule.path("message").asText()});
        }
        JsonNode properties = schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String fieldPath = path + "." + field.getKey();
            JsonNode node = field.getValue();
            out.append("| `").append(fieldPath).append("` | ").append(type(node)).append(" | ")
                    .append(node.has("default") ? "`" + cell(node.path("default").toString()) + "`" : "")
                    .append(" | ").append(cell(validation(node, schema, field.getKey()))).append(" | ")
                    .append(cell(node.path("description").asText())).append(" |\n");
            fields(fieldPath, node, out, rules);
            if (node.path("items").has("properties")) {
                fields(fieldPath + "[]", node.path("items"), out, rules);
            }
        }
    }

    private static String type(JsonNode node) {
        String type = node.path("type").asText("object");
        if (type.equals("array")) {
            return "array of " + node.path("items").path("type").asText("object");
        }
        if (type.equals("object") && node.has("additionalProperties")) {
            return "map of " + node.path("additionalProperties").path("type").asText("object");
        }
        return type;
    }

    private static String validation(JsonNode node, JsonNode parent, String name) {
        List<String> parts = new ArrayList<>();
        for (JsonNode required : parent.path("required")) {
            if (required.asText().equals(name)) {
                parts.add("required");
            }
        }
        if (node.has("enum")) {
            List<String> values = new ArrayList<>();
            node.path("enum").forEach(v -> values.add(v.asText()));
            parts.add("one of " + String.join(", ", values));
        }
        bound(node, "minimum", "≥ ", parts);
        bound(node, "maximum", "≤ ", parts);
        bound(node, "minLength", "length ≥ ", parts);
        bound(node, "maxLength", "length ≤ ", parts);
        bound(node, "minItems", "items ≥ ", parts);
        bound(node, "maxItems", "items ≤ ", parts);
        if (node.has("pattern")) {
            parts.add("matches `" + node.path("pattern").asText() + "`");
        }
        if (node.has("format")) {
            parts.add("format " + node.path("format").asText());
        }
        if (node.has("x-kubernetes-validations")) {
            parts.add("CEL rules below");
        }
        return String.join("; ", parts);
    }

    private static void bound(JsonNode node, String key, String label, List<String> parts) {
        if (node.has(key)) {
            JsonNode value = node.path(key);
            parts.add(label + (value.isNumber() && value.asDouble() == Math.rint(value.asDouble())
                    ? Long.toString(value.asLong()) : value.asText()));
        }
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
