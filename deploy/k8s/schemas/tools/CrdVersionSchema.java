// Prints, as compact JSON, spec.versions[name=VERSION].schema.openAPIV3Schema of
// a CustomResourceDefinition YAML file.
//
// Run as a single-file source program with the Strimzi crd-generator classpath
// (it already carries Jackson + jackson-dataformat-yaml), so converting the
// generated CRD YAML to JSON needs no extra tool (no yq/python on the machine).
//
// Usage: java -cp <crd-generator classpath> CrdVersionSchema.java CRD.yaml VERSION OUT.json
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;

public class CrdVersionSchema {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: CrdVersionSchema CRD.yaml VERSION OUT.json");
            System.exit(2);
        }
        JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(new File(args[0]));
        if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
            throw new IllegalArgumentException(args[0] + " is not a CustomResourceDefinition");
        }
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (args[1].equals(v.path("name").asText())) {
                JsonNode schema = v.path("schema").path("openAPIV3Schema");
                if (!schema.isObject()) {
                    throw new IllegalStateException("version " + args[1] + " has no openAPIV3Schema");
                }
                new ObjectMapper().writeValue(new File(args[2]), schema);
                return;
            }
        }
        throw new IllegalStateException("version " + args[1] + " not found in " + args[0]);
    }
}
