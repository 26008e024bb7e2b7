package dev.grantwire.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one service can be configured with: the keys of its application.properties (any profile),
 * the names those values refer to, and the settings its README and the READMEs of the libraries it
 * embeds document. An environment variable is a real configuration key when it is the environment
 * form (SmallRye Config: every character not a letter or digit becomes _, upper case) of one.
 */
final class ServiceConfig {

    /** Each Deployment's module and the libraries whose settings it takes. */
    private static final Map<String, List<String>> MODULES =
            Map.of(
                    "grant-service", List.of("grant-service", "grantwire-internal-api"),
                    "revocation-service", List.of("revocation-service", "grantwire-internal-api"),
                    "consent-service", List.of("consent-service", "grantwire-internal-api"),
                    "resource-api", List.of("examples/resource-api", "grantwire-guard"));

    private static final Pattern PROFILE = Pattern.compile("^%[^.]+\\.");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}:]+)");
    private static final Pattern NAME = Pattern.compile("`([a-z][a-z0-9-]*(?:\\.[^`\\s/]+)+)`");
    private static final Pattern RELATIVE = Pattern.compile("/ `\\.([a-z0-9-]+)`");
    private static final Pattern SECTION_PREFIX = Pattern.compile("^#+ .*\\(`([a-z.-]+)\\.\\*`\\)");

    private final String deployment;
    private final Properties properties = new Properties();
    private final Set<String> names = new TreeSet<>();

    private ServiceConfig(String deployment) {
        this.deployment = deployment;
        List<String> modules = MODULES.get(deployment);
        if (modules == null) {
            throw new AssertionError("no module known for Deployment " + deployment);
        }
        Path module = Project.root().resolve(modules.get(0));
        readProperties(module.resolve("src/main/resources/application.properties"));
        for (String documented : modules) {
            readReadme(Project.root().resolve(documented).resolve("README.md"));
        }
    }

    static ServiceConfig of(String deployment) {
        return new ServiceConfig(deployment);
    }

    /** Every Deployment this knows, by name. */
    static Set<String> deployments() {
        return MODULES.keySet();
    }

    /** True when {@code variable} is the environment form of a configuration key. */
    boolean knows(String variable) {
        return names.stream().anyMatch(name -> environmentForm(name).equals(variable));
    }

    /** A value of the default profile from application.properties. */
    String value(String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new AssertionError(deployment + " sets no " + key);
        }
        return value;
    }

    static String environmentForm(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private void readProperties(Path file) {
        try {
            String text = Files.readString(file);
            properties.load(new StringReader(text));
            for (String key : properties.stringPropertyNames()) {
                names.add(PROFILE.matcher(key).replaceFirst(""));
                Matcher reference = REFERENCE.matcher(properties.getProperty(key));
                while (reference.find()) {
                    names.add(reference.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The names in the README's settings tables: full names in backquotes, {@code / `.other`}
     * beside one for a sibling, and short names under a heading like {@code (`grantwire.guard.*`)}.
     */
    private void readReadme(Path readme) {
        try {
            String prefix = null;
            for (String line : Files.readAllLines(readme)) {
                Matcher section = SECTION_PREFIX.matcher(line);
                if (line.startsWith("#")) {
                    prefix = section.find() ? section.group(1) : null;
                    continue;
                }
                if (!line.startsWith("| `")) {
                    continue;
                }
                String first = line.substring(1, line.indexOf('|', 1));
                Matcher name = NAME.matcher(first);
                String last = null;
                while (name.find()) {
                    last = name.group(1);
                    names.add(last);
                }
                if (last == null && prefix != null) {
                    Matcher shortName = Pattern.compile("`([a-z][a-z0-9.\"<>-]*)`").matcher(first);
                    if (shortName.find()) {
                        names.add(prefix + "." + shortName.group(1));
                    }
                }
                Matcher sibling = RELATIVE.matcher(first);
                while (last != null && sibling.find()) {
                    names.add(last.substring(0, last.lastIndexOf('.') + 1) + sibling.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + readme, e);
        }
    }
}
