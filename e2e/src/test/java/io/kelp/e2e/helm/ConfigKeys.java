package io.kelp.e2e.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys a component really reads, taken from its source tree: the methods of its
 * {@code @ConfigMapping} interface (nested interfaces are groups, other return types leaves, maps
 * end in {@code .*}) plus the keys of its application.properties. Read from source rather than from
 * the jars so the chart is checked against the code as it is now.
 */
final class ConfigKeys {

    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)");
    private static final Pattern METHOD = Pattern.compile("^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s+)*([\\w.]+)(?:<[^;]*>)?\\s+(\\w+)\\(\\);");

    private final TreeSet<String> keys = new TreeSet<>();

    private ConfigKeys() {
    }

    static ConfigKeys of(Path repository, String configMappingSource, String applicationProperties) {
        ConfigKeys config = new ConfigKeys();
        config.addMapping(read(repository.resolve(configMappingSource)));
        Path properties = repository.resolve(applicationProperties);
        if (Files.exists(properties)) {
            for (String line : read(properties).split("\n")) {
                int equals = line.indexOf('=');
                if (!line.isBlank() && !line.startsWith("#") && equals > 0) {
                    config.keys.add(line.substring(0, equals).trim());
                }
            }
        }
        return config;
    }

    TreeSet<String> keys() {
        return keys;
    }

    /** Whether the environment variable sets one of these keys (SmallRye Config's env naming). */
    boolean acceptsEnv(String name) {
        for (String key : keys) {
            if (key.endsWith(".*")) {
                String prefix = envForm(key.substring(0, key.length() - 2)) + "__";
                if (name.startsWith(prefix) && name.endsWith("__") && name.length() > prefix.length() + 2) {
                    return true;
                }
            } else if (envForm(key).equals(name)) {
                return true;
            }
        }
        return false;
    }

    static String envForm(String key) {
        return key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    private void addMapping(String source) {
        Matcher prefix = PREFIX.matcher(source);
        if (!prefix.find()) {
            throw new IllegalStateException("no @ConfigMapping prefix");
        }
        Map<String, List<String[]>> methodsByInterface = methodsByInterface(source.substring(prefix.end()));
        String root = methodsByInterface.keySet().iterator().next();
        expand(prefix.group(1), root, methodsByInterface);
    }

    private void expand(String path, String type, Map<String, List<String[]>> methodsByInterface) {
        for (String[] method : methodsByInterface.get(type)) {
            String key = path + "." + kebab(method[1]);
            String returnType = method[0].substring(method[0].lastIndexOf('.') + 1);
            if (methodsByInterface.containsKey(returnType)) {
                expand(key, returnType, methodsByInterface);
            } else {
                keys.add(returnType.equals("Map") ? key + ".*" : key);
            }
        }
    }

    /** Interface name to its (return type, method name) pairs, in source order, the mapping itself first. */
    private static Map<String, List<String[]>> methodsByInterface(String source) {
        Map<String, List<String[]>> methods = new LinkedHashMap<>();
        Deque<String[]> open = new ArrayDeque<>(); // {interface name, brace depth at which it opened}
        int depth = 0;
        for (String line : source.split("\n")) {
            Matcher type = INTERFACE.matcher(line);
            if (type.find() && !line.trim().startsWith("*") && !line.trim().startsWith("/")) {
                open.push(new String[] {type.group(1), Integer.toString(depth + 1)});
                methods.put(type.group(1), new ArrayList<>());
            }
            Matcher method = METHOD.matcher(line);
            if (method.find() && !open.isEmpty()) {
                methods.get(open.peek()[0]).add(new String[] {method.group(1), method.group(2)});
            }
            for (char c : line.toCharArray()) {
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (!open.isEmpty() && Integer.parseInt(open.peek()[1]) == depth) {
                        open.pop();
                    }
                    depth--;
                }
            }
        }
        return methods;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
